"""`python -m monitoring_codegen` is `mcg`."""

from monitoring_codegen.cli import run

if __name__ == "__main__":
    run()
