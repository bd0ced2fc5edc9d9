"""Docker health check of the web service: gunicorn answers on port 8000.

Any answer below 500 is healthy (400 for a host name outside ALLOWED_HOSTS
still proves the server runs); no answer or a 5xx is not.
"""

import sys
import urllib.error
import urllib.request

try:
    urllib.request.urlopen("http://127.0.0.1:8000/login/", timeout=5)
except urllib.error.HTTPError as error:
    sys.exit(1 if error.code >= 500 else 0)
except OSError:
    sys.exit(1)
