from enum import StrEnum


class AgentRequestVoiceProvider(StrEnum):
    CARTESIA = "cartesia"
    ELEVENLABS = "elevenlabs"

    def __str__(self) -> str:
        return str(self.value)
