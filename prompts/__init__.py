"""Answer templates and LLM prompts, as plain files (Jinja2, rendered strictly)."""
