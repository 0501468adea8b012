from enum import Enum


class LLMProvider(str, Enum):
    GOOGLE = "Google"
    OPENAI = "OpenAI"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
