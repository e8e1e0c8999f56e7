"""Policy assistant: answers questions about industrial policies from their clauses."""
