from enum import StrEnum


class AgentUpdateVoiceProvider(StrEnum):
    CARTESIA = "cartesia"
    ELEVENLABS = "elevenlabs"

    def __str__(self) -> str:
        return str(self.value)
