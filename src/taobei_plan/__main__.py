"""``python -m taobei_plan`` works like ``taobei``."""

from .cli import main

if __name__ == "__main__":
    main()
