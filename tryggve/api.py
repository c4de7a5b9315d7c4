"""The versioned JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from tryggve.core.api import router as core_router
from tryggve.inputs.api import router as inputs_router
from tryggve.promises.api import router as promises_router
from tryggve.situation.api import router as situation_router
from tryggve.surveys.api import router as surveys_router

api = NinjaAPI(
    title="Tryggve API",
    version="1",
    description=(
        "Open data on municipalities, areas, safety surveys, adopted lägesbilder and published citizen "
        "promises (medborgarlöften); for logged-in staff, incident reports, weekly EST figures and "
        "dialogue summaries of the areas their roles cover."
    ),
    urls_namespace="api-v1",
)
api.add_router("/", core_router)
api.add_router("/", surveys_router)
api.add_router("/", inputs_router)
api.add_router("/", situation_router)
api.add_router("/", promises_router)
