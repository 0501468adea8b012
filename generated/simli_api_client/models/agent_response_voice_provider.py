from enum import Enum


class AgentResponseVoiceProvider(str, Enum):
    CARTESIA = "cartesia"
    ELEVENLABS = "elevenlabs"

    def __str__(self) -> str:
        return str(self.value)
