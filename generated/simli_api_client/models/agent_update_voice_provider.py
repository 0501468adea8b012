from enum import Enum


class AgentUpdateVoiceProvider(str, Enum):
    CARTESIA = "cartesia"
    ELEVENLABS = "elevenlabs"

    def __str__(self) -> str:
        return str(self.value)
