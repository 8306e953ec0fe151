"""dienhinh: phát hiện, bồi dưỡng, công nhận và nhân rộng điển hình tiên tiến."""

__version__ = "0.1.0"
