from enum import Enum


class SimliModels(str, Enum):
    ARTALK = "artalk"
    FASTTALK = "fasttalk"

    def __str__(self) -> str:
        return str(self.value)
