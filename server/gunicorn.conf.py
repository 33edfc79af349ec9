"""gunicorn configuration for `gunicorn -c server/gunicorn.conf.py server.wsgi:app`.

The same options `syriakg serve` uses (syriakg.web.server.gunicorn_options), read from
SYRIAKG_* variables and SYRIAKG_CONFIG, so both ways of starting the server behave alike.
"""

from syriakg.settings import Settings
from syriakg.web.server import gunicorn_options

globals().update(gunicorn_options(Settings.load()))
