from enum import StrEnum


class AgentRequestLlmProvider(StrEnum):
    GOOGLE = "google"
    OPENAI = "openai"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
