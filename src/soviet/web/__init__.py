"""The web application: server-rendered pages (Jinja2) served by the same `soviet serve`
process as the API, calling the same services and read models, never the store.

Every action is a plain HTML form that works without JavaScript; one small script
(static/live.js) adds live updates from the API's event stream. Every string goes through
Babel's gettext (English and German, by `Accept-Language`).
"""
