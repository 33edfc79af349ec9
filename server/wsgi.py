"""The WSGI entry point for any WSGI server: settings from SYRIAKG_* and SYRIAKG_CONFIG.

    gunicorn -c server/gunicorn.conf.py server.wsgi:app

No logic here: everything is in syriakg.web (create_app) and syriakg.web.server.
"""

from syriakg.settings import Settings
from syriakg.web import create_app

app = create_app(Settings.load())
