from enum import Enum


class AgentRequestLlmProvider(str, Enum):
    GOOGLE = "google"
    OPENAI = "openai"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
