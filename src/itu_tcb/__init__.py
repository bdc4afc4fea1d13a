"""The ITU's Trade Capacity Building profile as typed, immutable, bundled data.

>>> import itu_tcb
>>> data = itu_tcb.load()
>>> data.lookup("itu d").name
'Telecommunication Development Sector'

Importing this package is cheap: the data is read and parsed, and cattrs imported,
on the first call to :func:`load`. The public names are those of ``__all__``, each
written once, in the ``__all__`` of the module that defines it.
"""

from . import _schema, dataset, errors, loading, models, report
from ._schema import *
from ._version import __version__
from .dataset import *
from .errors import *
from .loading import *
from .models import *
from .report import *

__all__ = ["__version__"]
__all__ += _schema.__all__
__all__ += dataset.__all__
__all__ += errors.__all__
__all__ += loading.__all__
__all__ += models.__all__
__all__ += report.__all__


def __dir__() -> list[str]:
    return sorted(__all__)
