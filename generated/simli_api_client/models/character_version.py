from enum import StrEnum


class CharacterVersion(StrEnum):
    VALUE_0 = "1.5"

    def __str__(self) -> str:
        return str(self.value)
