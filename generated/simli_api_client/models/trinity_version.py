from enum import StrEnum


class TrinityVersion(StrEnum):
    GSA_1_0 = "GSA_1.0"

    def __str__(self) -> str:
        return str(self.value)
