"""GitHub-style task lists (``- [ ] todo``, ``- [x] done``) without form controls.

pymdownx.tasklist finds the items; instead of its ``<input type="checkbox" disabled>`` (a form
control the sanitizer refuses on public pages) each item starts with a plain
``<span class="task-box">`` holding ☐ or ☑, a character every screen reader names ("ballot
box", "ballot box with check"). The marker is changed in the Markdown tree, before sanitizing.
"""

import xml.etree.ElementTree as etree

from pymdownx.tasklist import RE_CHECKBOX, TasklistExtension, TasklistTreeprocessor

BOXES = {" ": "☐", "x": "☑"}


def _box(state):
    checked = state.lower() == "x"
    span = etree.Element("span", {"class": "task-box task-box-done" if checked else "task-box"})
    span.text = BOXES["x" if checked else " "]
    return span


def _mark(element):
    """Replace a leading ``[ ]``/``[x]`` in ``element``'s text by a box; True if there was one."""
    match = RE_CHECKBOX.match(element.text or "")
    if match is None:
        return False
    box = _box(match.group("state"))
    box.tail = " " + match.group("line")
    element.text = None
    element.insert(0, box)
    return True


class TaskBoxTreeprocessor(TasklistTreeprocessor):
    def inline(self, li):
        return _mark(li)

    def sub_paragraph(self, li):
        first = next(iter(li), None)
        return first is not None and first.tag == "p" and _mark(first)


class TaskListExtension(TasklistExtension):
    def extendMarkdown(self, md):
        processor = TaskBoxTreeprocessor(md)
        processor.config = self.getConfigs()
        md.treeprocessors.register(processor, "task-list", 25)
        md.registerExtension(self)


def makeExtension(**kwargs):
    return TaskListExtension(**kwargs)
