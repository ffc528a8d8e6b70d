"""What goes wrong reading a Jekyll site, said so the user can fix it."""


class JekyllError(ValueError):
    """A post file that cannot be imported; the message says why."""


class FrontMatterError(JekyllError):
    pass
