from enum import StrEnum


class LLMProvider(StrEnum):
    GOOGLE = "Google"
    OPENAI = "OpenAI"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
