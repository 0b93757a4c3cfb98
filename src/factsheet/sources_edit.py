"""Edit one entry of ``sources.yaml`` in place, keeping every other byte as it was.

Values are replaced where they stand, and new keys are added as lines after the entry's
last one at the entry's indentation, so comments, order and layout survive. The result is
parsed again before it is returned: an edit that would break the file is refused.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import UsageError


def _compose(text: str, display: str) -> Node:
    try:
        # The pure-Python composer: its marks are character offsets into ``text``.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise UsageError(f"{display} does not parse; fix it first ({error})") from None
    if root is None:
        raise UsageError(f"{display} is empty")
    return root


def _entry_node(root: Node, source_id: str, display: str) -> MappingNode:
    sources = None
    if isinstance(root, MappingNode):
        sources = next((v for k, v in root.value if k.value == "sources"), None)
    if not isinstance(sources, SequenceNode):
        raise UsageError(f"{display} holds no list of sources")
    for item in sources.value:
        if not isinstance(item, MappingNode):
            continue
        for key, value in item.value:
            if key.value == "id" and isinstance(value, ScalarNode) and value.value == source_id:
                return item
    raise UsageError(f"{display} declares no source {source_id!r}")


def source_entry(text: str, source_id: str, display: str) -> dict[str, Any]:
    """The plain values of one source entry (for reading its url)."""
    node = _entry_node(_compose(text, display), source_id, display)
    return {
        key.value: value.value
        for key, value in node.value
        if isinstance(key, ScalarNode) and isinstance(value, ScalarNode)
    }


def set_source_keys(text: str, source_id: str, values: dict[str, str], display: str) -> str:
    """``text`` with the entry of ``source_id`` holding ``values`` (YAML scalars as written)."""
    node = _entry_node(_compose(text, display), source_id, display)
    if node.flow_style:
        raise UsageError(
            f"source {source_id!r} in {display} is written as a flow mapping {{…}}; "
            "write it as one key a line to have it edited"
        )
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in the text
    if not all(isinstance(key, ScalarNode) for key, _ in node.value):
        raise UsageError(f"source {source_id!r} in {display} has a key that is not plain text")
    present = {key.value: value for key, value in node.value}
    indent = node.value[0][0].start_mark.column
    last_end = max(value.end_mark.index for _, value in node.value)
    line_end = text.find("\n", last_end)
    after = len(text) if line_end < 0 else line_end + 1
    added = ""
    for key, scalar in values.items():
        value = present.get(key)
        if value is None:
            added += f"{' ' * indent}{key}: {scalar}\n"
        elif isinstance(value, ScalarNode) and value.style not in ("|", ">"):
            edits.append((value.start_mark.index, value.end_mark.index, scalar))
        else:
            raise UsageError(f"{key} of source {source_id!r} in {display} is not a plain value")
    if added:
        prefix = "" if after == 0 or text[after - 1] == "\n" else "\n"
        edits.append((after, after, prefix + added))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    entry = source_entry(text, source_id, display)  # the edit must leave a sound file
    expected = {key: yaml.safe_load(scalar) for key, scalar in values.items()}
    if any(str(entry.get(key)) != str(value) for key, value in expected.items()):
        raise UsageError(f"could not edit source {source_id!r} in {display} safely")
    return text
