"""Framework-free logic of the projects addon (plain values in, plain values out)."""
