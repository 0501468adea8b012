from enum import Enum


class CharacterVersion(str, Enum):
    VALUE_0 = "1.5"

    def __str__(self) -> str:
        return str(self.value)
