"""The Gradio chat UI (placeholder until the UI is built)."""

from __future__ import annotations

import gradio as gr

from assistant.service import AssistantService


def build_ui(service: AssistantService) -> gr.Blocks:
    with gr.Blocks(title="Policy Assistant") as blocks:
        gr.Markdown("Policy Assistant")
    return blocks
