"""The web layer: Flask and Dash glue. The login gate and security headers (``web.auth``), the
request-scoped context every page and callback passes to the services (``web.context``), and the
Excel download every export button uses (``web.exports``)."""
