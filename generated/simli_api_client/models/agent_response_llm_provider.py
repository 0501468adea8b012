from enum import StrEnum


class AgentResponseLlmProvider(StrEnum):
    GOOGLE = "google"
    OPENAI = "openai"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
