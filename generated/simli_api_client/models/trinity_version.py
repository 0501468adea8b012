from enum import Enum


class TrinityVersion(str, Enum):
    GSA_1_0 = "GSA_1.0"

    def __str__(self) -> str:
        return str(self.value)
