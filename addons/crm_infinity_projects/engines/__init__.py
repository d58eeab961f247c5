"""Framework-free logic of the projects addon (see each module's docstring)."""
