"""The web application: server-rendered pages (Jinja2) served by `soviet serve` beside the
API, calling the same services and read models; every action a plain HTML form, a small
script adding live updates from the API's event stream."""
