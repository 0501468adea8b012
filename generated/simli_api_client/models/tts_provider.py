from enum import Enum


class TTSProvider(str, Enum):
    CARTESIA = "Cartesia"
    ELEVENLABS = "ElevenLabs"
    PLAYHT = "PlayHT"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
