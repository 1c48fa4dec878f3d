"""Monitoring definitions of the AI-agent platform: the showcase and default workload of mcg.

Every module in this package is imported by `mcg build`; what it declares is collected.
"""
