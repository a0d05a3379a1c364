"""The web UI: server-rendered pages (Jinja2) with SVG charts drawn here, served by the API's process."""
