from enum import StrEnum


class SimliModels(StrEnum):
    ARTALK = "artalk"
    FASTTALK = "fasttalk"

    def __str__(self) -> str:
        return str(self.value)
