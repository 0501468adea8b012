from enum import StrEnum


class TTSProvider(StrEnum):
    CARTESIA = "Cartesia"
    ELEVENLABS = "ElevenLabs"
    PLAYHT = "PlayHT"
    USER = "User"

    def __str__(self) -> str:
        return str(self.value)
