"""The kernel behind a page, as the operating system sees it: for tests that kill one or
count them."""

from __future__ import annotations

import psutil
from playwright.sync_api import Page


def page_kernel_id(page: Page) -> str:
    """The id of the kernel Voila started for this page (from the page's config)."""
    return str(
        page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
    )


def kernel_process(page: Page) -> psutil.Process:
    """The one process of the page's kernel."""
    kernel_id = page_kernel_id(page)
    found = [
        process
        for process in psutil.process_iter(["cmdline"])
        if any(f"kernel-{kernel_id}.json" in part for part in process.info["cmdline"] or [])
    ]
    assert len(found) == 1, f"no single process for kernel {kernel_id}"
    return found[0]
