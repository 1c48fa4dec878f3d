"""`python -m monitoring_codegen` is `mcg`."""

from monitoring_codegen.cli import main

if __name__ == "__main__":
    main()
