"""The closed sets of names the command line, the configuration file and the library accept.

One definition each, so that a new report format or paper size cannot be accepted in one
place and refused in another.
"""

from __future__ import annotations

PAPERS = ("a4", "letter")
FORMATS = ("text", "json", "github", "sarif", "gitlab", "junit")
