"""The install kit: everything a kiosk needs on one USB stick, for a commune hall with no internet.

``kiosk kit`` (kiosk/kit/make.py) gathers, on the publisher's computer: the program, every Python
dependency as wheels for each target architecture and Python, the Debian packages the installer needs,
the signed content bundle, the publisher's public key, the installer (deploy/kit/INSTALL.sh) and a
README.txt, and signs a SHA256SUMS over all of it. The installer checks that before installing anything.
"""
