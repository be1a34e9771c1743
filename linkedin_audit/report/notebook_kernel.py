"""The notebooks' kernel, "Python (linkedin-audit)": their kernelspec names it, so `lab` and `report` make
sure it exists in this environment (nothing outside it changes)."""

from __future__ import annotations

import sys

KERNEL_NAME = "linkedin-audit"
KERNEL_DISPLAY = "Python (linkedin-audit)"


def ensure_kernel(prefix: str = sys.prefix) -> str:
    """Register this environment's Python as the kernel `linkedin-audit` (in this environment only, so
    nothing outside it changes); `make kernel` registers it for the user's own JupyterLab too."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY, prefix=prefix)
    return KERNEL_NAME
