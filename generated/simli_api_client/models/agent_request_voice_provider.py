from enum import Enum


class AgentRequestVoiceProvider(str, Enum):
    CARTESIA = "cartesia"
    ELEVENLABS = "elevenlabs"

    def __str__(self) -> str:
        return str(self.value)
