"""python -m bot.line [--host 127.0.0.1] [--port 5007]: the LINE webhook bridge (docs/line.md)."""
import argparse

import uvicorn

from .bridge import create_app

parser = argparse.ArgumentParser(prog="python -m bot.line")
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=5007)
args = parser.parse_args()
uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info", access_log=False)
