"""Staff tools in the Wagtail admin that keep the directory's listings true."""
