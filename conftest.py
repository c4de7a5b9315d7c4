"""The fixtures and hooks every app's tests share live in `tryggve.testing`."""

pytest_plugins = ["tryggve.testing"]
