"""``python -m storyline.cli``."""

from storyline.cli import main

if __name__ == "__main__":
    main()
