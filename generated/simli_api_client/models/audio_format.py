from enum import Enum


class AudioFormat(str, Enum):
    MP3 = "mp3"
    OGG = "ogg"
    PCM16 = "pcm16"
    PCM32 = "pcm32"
    WAV = "wav"

    def __str__(self) -> str:
        return str(self.value)
