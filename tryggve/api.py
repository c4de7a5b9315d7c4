"""The versioned JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json)."""

from typing import Any

from ninja import NinjaAPI

from tryggve.core.api import router as core_router
from tryggve.followup.api import router as followup_router
from tryggve.inputs.api import router as inputs_router
from tryggve.promises.api import router as promises_router
from tryggve.public.api import router as public_router
from tryggve.situation.api import router as situation_router
from tryggve.surveys.api import router as surveys_router

# Every error the API sends is {"detail": …}: a message, or for 422 a list of what is wrong.
ERROR = {
    "type": "object",
    "properties": {"detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {}}]}},
    "required": ["detail"],
}


class DocumentedErrorsAPI(NinjaAPI):
    """The schema lists the errors each operation can answer with, so clients and schema-based
    tests (schemathesis) know them: 404 and 422 where there are parameters, 401 and 403 for staff."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                errors = {}
                if "{" in path:
                    errors["404"] = "No such municipality, or nothing published under that address."
                if operation.get("parameters"):
                    errors["422"] = "A parameter is missing or not of the documented type or range."
                if operation.get("security"):
                    errors["401"] = "Not logged in (staff log in at /konto/logga-in/)."
                    errors["403"] = "No role for this municipality's raw data, or a two-factor code is owed."
                for code, text in errors.items():
                    operation["responses"].setdefault(
                        code, {"description": text, "content": {"application/json": {"schema": ERROR}}}
                    )
        return schema


api = DocumentedErrorsAPI(
    title="Tryggve API",
    version="1",
    description=(
        "Open data on municipalities, areas, safety surveys, adopted lägesbilder, published citizen "
        "promises (medborgarlöften) and residents' place reports as published; for logged-in staff, "
        "incident reports, weekly EST figures and dialogue summaries of the areas their roles cover."
    ),
    urls_namespace="api-v1",
)
api.add_router("/", core_router)
api.add_router("/", surveys_router)
api.add_router("/", inputs_router)
api.add_router("/", situation_router)
api.add_router("/", promises_router)
api.add_router("/", followup_router)
api.add_router("/", public_router)
