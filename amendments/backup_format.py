"""A JSON serialization that keeps datetimes to the microsecond.

Django's JSON serializer cuts datetimes to milliseconds, so a dump and a reload would change every
history date a little; a backup must give back exactly what it took. Registered in settings as
the "wgecjson" format; reading is Django's own JSON deserializer (it parses microseconds).
"""

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer
