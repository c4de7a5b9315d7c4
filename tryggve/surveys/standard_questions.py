"""The ready survey template: the standard questions of Swedish local safety surveys.

Its questions follow the police's local safety surveys (trygghetsmätning) and Brå's national
survey (NTU): feeling unsafe alone outdoors late in the evening, avoiding places or activities,
how big the common neighbourhood problems are, trust in the police and the kommun, being a
victim in the last 12 months, what would make the area safer, and places on a map. Texts are in
Swedish, English and Arabic. Analysts create a survey from it and adapt the copy.

The template is a survey definition (see `definition.py`), the same format the API serves.
"""

from typing import Any


def t(sv: str, en: str, ar: str) -> dict[str, str]:
    return {"sv": sv, "en": en, "ar": ar}


# The age bands of the background question, as the population counts label them (16 is the
# survey's lowest age). SCB's tables support them (docs/formats.md, "Age bands"): 25-44, 45-64
# and 65+ are whole five-year classes of the DeSO table, and 16-24 is 20-24 with 4/5 of 15-19
# (or exact from the single-year table); `import_population` counts SCB's classes into them.
AGE_BANDS = ("16-24", "25-44", "45-64", "65+")


def option(
    code: int, label: dict[str, str], special: bool = False, population: str = "", counted: bool = False
) -> dict[str, Any]:
    """One answer; `counted`: one of the answers the lägesbild's share of the question counts."""
    return {
        "code": code,
        "label": label,
        "is_special": special,
        "population_label": population,
        "counted": counted,
    }


DONT_KNOW = option(9, t("Vet ej", "Don't know", "لا أعرف"), special=True)

PROBLEM_SCALE = [
    option(1, t("Inget problem", "No problem", "ليست مشكلة")),
    option(2, t("Ett litet problem", "A small problem", "مشكلة صغيرة")),
    option(3, t("Ett ganska stort problem", "A fairly big problem", "مشكلة كبيرة نوعاً ما"), counted=True),
    option(4, t("Ett mycket stort problem", "A very big problem", "مشكلة كبيرة جداً"), counted=True),
    DONT_KNOW,
]

TRUST_SCALE = [
    option(1, t("Mycket litet", "Very low", "ضعيفة جداً")),
    option(2, t("Ganska litet", "Fairly low", "ضعيفة نوعاً ما")),
    option(3, t("Ganska stort", "Fairly high", "كبيرة نوعاً ما"), counted=True),
    option(4, t("Mycket stort", "Very high", "كبيرة جداً"), counted=True),
    DONT_KNOW,
]

NO_PERSONAL_DATA = t(
    "Skriv inte namn eller annat som pekar ut en person.",
    "Do not write names or anything else that points out a person.",
    "لا تكتب أسماء أو أي شيء آخر يدل على شخص معين.",
)


def question(code: str, kind: str, text: dict[str, str], **fields: Any) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "text": text,
        "help": fields.pop("help", t("", "", "")),
        "required": fields.pop("required", False),
        "weighting": fields.pop("weighting", ""),
        "min_value": fields.pop("min_value", None),
        "max_value": fields.pop("max_value", None),
        "show_if": fields.pop("show_if", None),
        "options": fields.pop("options", []),
        "items": fields.pop("items", []),
    }


PROBLEM_ITEMS = [
    ("littering", t("Nedskräpning", "Littering", "رمي النفايات")),
    ("vandalism", t("Skadegörelse och klotter", "Vandalism and graffiti", "التخريب والكتابة على الجدران")),
    (
        "disturbing_traffic",
        t(
            "Störande trafik med bilar och mopeder",
            "Disturbing driving of cars and mopeds",
            "القيادة المزعجة للسيارات والدراجات النارية الخفيفة",
        ),
    ),
    (
        "intoxicated_public",
        t(
            "Personer som är påverkade av alkohol eller narkotika utomhus",
            "People under the influence of alcohol or drugs outdoors",
            "أشخاص تحت تأثير الكحول أو المخدرات في الأماكن العامة",
        ),
    ),
    ("drug_dealing", t("Öppen narkotikahandel", "Open drug dealing", "بيع المخدرات علناً")),
    (
        "disturbing_youth",
        t("Ungdomsgäng som stör", "Groups of young people who disturb", "مجموعات من الشباب تسبب الإزعاج"),
    ),
    ("poor_lighting", t("Dålig belysning", "Poor lighting", "إضاءة سيئة")),
    ("burglary", t("Bostadsinbrott", "Burglary in homes", "السطو على المنازل")),
    (
        "public_violence",
        t("Våld på allmän plats", "Violence in public places", "العنف في الأماكن العامة"),
    ),
]

VICTIM_OPTIONS = [
    option(1, t("Hot", "Threats", "التهديد")),
    option(2, t("Våld", "Violence", "العنف")),
    option(3, t("Stöld", "Theft", "السرقة")),
    option(4, t("Inbrott i bostaden", "Burglary in my home", "السطو على منزلي")),
    option(5, t("Skadegörelse på min egendom", "Damage to my property", "إتلاف ممتلكاتي")),
    option(6, t("Trakasserier", "Harassment", "التحرش أو المضايقة")),
    option(0, t("Nej, inget av detta", "No, none of these", "لا، لا شيء من ذلك"), special=True),
]

SAFER_OPTIONS = [
    option(1, t("Bättre belysning", "Better lighting", "إضاءة أفضل")),
    option(2, t("Synlig polis", "Visible police", "وجود الشرطة بشكل واضح")),
    option(
        3,
        t(
            "Fler vuxna ute på kvällar och helger",
            "More adults out on evenings and weekends",
            "مزيد من البالغين في الخارج في المساء وعطلات نهاية الأسبوع",
        ),
    ),
    option(4, t("Städning och underhåll", "Cleaning and maintenance", "التنظيف والصيانة")),
    option(
        5,
        t(
            "Röjning av buskar och sly",
            "Clearing bushes that block the view",
            "إزالة الشجيرات التي تحجب الرؤية",
        ),
    ),
    option(6, t("Säkrare trafikmiljö", "Safer traffic environment", "بيئة مرورية أكثر أماناً")),
    option(7, t("Fler aktiviteter för unga", "More activities for young people", "مزيد من الأنشطة للشباب")),
]

TEMPLATE: dict[str, Any] = {
    "title": t("Trygghetsmätning", "Local safety survey", "استطلاع الشعور بالأمان"),
    "intro": t(
        "Kommunen och polisen vill veta hur du upplever tryggheten där du bor. Dina svar ligger till "
        "grund för nästa års medborgarlöfte. Enkäten tar ungefär fem minuter. Du är anonym: vi sparar "
        "inte vem du är, din IP-adress eller exakt när du svarade.",
        "The municipality and the police want to know how safe you feel where you live. Your answers "
        "are the basis of next year's citizen promise. The survey takes about five minutes. You are "
        "anonymous: we do not store who you are, your IP address or exactly when you answered.",
        "تريد البلدية والشرطة معرفة مدى شعورك بالأمان في المكان الذي تعيش فيه. إجاباتك هي أساس وعد "
        "المواطنين للعام القادم. يستغرق الاستطلاع حوالي خمس دقائق. أنت مجهول الهوية: لا نحفظ من أنت "
        "ولا عنوان IP الخاص بك ولا الوقت الدقيق لإجابتك.",
    ),
    "thanks": t(
        "Tack för dina svar! Kommunen och polisen sammanställer svaren till en lägesbild efter att "
        "enkäten stängt. Utifrån den väljer de vad nästa medborgarlöfte ska handla om.",
        "Thank you for your answers! After the survey closes, the municipality and the police compile "
        "the answers into a situation picture. From it they choose what the next citizen promise will "
        "be about.",
        "شكراً لإجاباتك! بعد إغلاق الاستطلاع تجمع البلدية والشرطة الإجابات في صورة للوضع. وعلى أساسها "
        "يختارون موضوع وعد المواطنين القادم.",
    ),
    "access": "open",
    "pages": [
        {
            "title": t("Om dig", "About you", "عنك"),
            "intro": t(
                "Frågorna om dig används bara för att väga svaren så att de speglar alla som bor här.",
                "The questions about you are only used to weight the answers so that they reflect "
                "everyone who lives here.",
                "تُستخدم الأسئلة عنك فقط لترجيح الإجابات بحيث تعكس جميع السكان هنا.",
            ),
            "questions": [
                question(
                    "area",
                    "area",
                    t("I vilket område bor du?", "Which area do you live in?", "في أي منطقة تسكن؟"),
                    weighting="area",
                    required=True,
                ),
                question(
                    "sex",
                    "single",
                    t("Är du…", "Are you…", "هل أنت…"),
                    weighting="sex",
                    options=[
                        option(1, t("Kvinna", "A woman", "امرأة"), population="kvinna"),
                        option(2, t("Man", "A man", "رجل"), population="man"),
                        option(
                            9,
                            t(
                                "Annat eller vill inte svara",
                                "Other, or prefer not to say",
                                "غير ذلك أو أفضل عدم الإجابة",
                            ),
                            special=True,
                        ),
                    ],
                ),
                question(
                    "age_band",
                    "single",
                    t("Hur gammal är du?", "How old are you?", "كم عمرك؟"),
                    weighting="age_band",
                    required=True,
                    options=[
                        option(1, t("16–24 år", "16–24 years", "16–24 سنة"), population=AGE_BANDS[0]),
                        option(2, t("25–44 år", "25–44 years", "25–44 سنة"), population=AGE_BANDS[1]),
                        option(3, t("45–64 år", "45–64 years", "45–64 سنة"), population=AGE_BANDS[2]),
                        option(
                            4,
                            t("65 år eller äldre", "65 or older", "65 سنة أو أكثر"),
                            population=AGE_BANDS[3],
                        ),
                    ],
                ),
                question(
                    "years_in_area",
                    "number",
                    t(
                        "Hur många år har du bott i området?",
                        "How many years have you lived in the area?",
                        "كم سنة عشت في المنطقة؟",
                    ),
                    help=t("Avrunda till hela år.", "Round to whole years.", "قرّب إلى سنوات كاملة."),
                    min_value=0,
                    max_value=100,
                ),
            ],
        },
        {
            "title": t("Din trygghet", "How safe you feel", "شعورك بالأمان"),
            "intro": t("", "", ""),
            "questions": [
                question(
                    "unsafe_alone_evening",
                    "scale",
                    t(
                        "Om du går ut ensam sent en kväll i området där du bor, hur trygg eller otrygg "
                        "känner du dig då?",
                        "If you go out alone late in the evening in the area where you live, how safe or "
                        "unsafe do you feel?",
                        "إذا خرجت وحدك في وقت متأخر من المساء في المنطقة التي تسكن فيها، ما مدى شعورك "
                        "بالأمان أو عدم الأمان؟",
                    ),
                    required=True,
                    options=[
                        option(1, t("Mycket trygg", "Very safe", "آمن جداً")),
                        option(2, t("Ganska trygg", "Fairly safe", "آمن نوعاً ما")),
                        option(3, t("Ganska otrygg", "Fairly unsafe", "غير آمن نوعاً ما"), counted=True),
                        option(4, t("Mycket otrygg", "Very unsafe", "غير آمن إطلاقاً"), counted=True),
                        option(8, t("Går aldrig ut", "I never go out", "لا أخرج أبداً"), special=True),
                        DONT_KNOW,
                    ],
                ),
                question(
                    "avoided_activity",
                    "scale",
                    t(
                        "Har du under de senaste 12 månaderna avstått från någon aktivitet eller valt en "
                        "annan väg av oro för att utsättas för brott?",
                        "In the last 12 months, have you avoided an activity or chosen another route "
                        "for fear of being a victim of crime?",
                        "خلال الأشهر الـ 12 الماضية، هل امتنعت عن نشاط ما أو اخترت طريقاً آخر خوفاً من "
                        "التعرض لجريمة؟",
                    ),
                    options=[
                        option(1, t("Nej", "No", "لا")),
                        # Counted: avoided at all. Not the default of a 3-step scale (the last step).
                        option(
                            2, t("Ja, någon gång", "Yes, once or twice", "نعم، مرة أو مرتين"), counted=True
                        ),
                        option(3, t("Ja, flera gånger", "Yes, several times", "نعم، عدة مرات"), counted=True),
                        DONT_KNOW,
                    ],
                ),
            ],
        },
        {
            "title": t("Problem i området", "Problems in the area", "المشكلات في المنطقة"),
            "intro": t("", "", ""),
            "questions": [
                question(
                    "neighbourhood_problems",
                    "matrix",
                    t(
                        "Hur stort problem är följande i området där du bor?",
                        "How big a problem is each of the following in the area where you live?",
                        "ما حجم المشكلة التي يمثلها كل مما يلي في المنطقة التي تسكن فيها؟",
                    ),
                    options=PROBLEM_SCALE,
                    items=[{"code": code, "label": label} for code, label in PROBLEM_ITEMS],
                ),
            ],
        },
        {
            "title": t("Förtroende och utsatthet", "Trust and victimisation", "الثقة والتعرض للجريمة"),
            "intro": t("", "", ""),
            "questions": [
                question(
                    "trust_police",
                    "scale",
                    t(
                        "Hur stort förtroende har du för polisens arbete i ditt område?",
                        "How much do you trust the work of the police in your area?",
                        "ما مدى ثقتك بعمل الشرطة في منطقتك؟",
                    ),
                    options=TRUST_SCALE,
                ),
                question(
                    "trust_kommun",
                    "scale",
                    t(
                        "Hur stort förtroende har du för kommunens arbete med trygghet i ditt område?",
                        "How much do you trust the municipality's work for safety in your area?",
                        "ما مدى ثقتك بعمل البلدية من أجل الأمان في منطقتك؟",
                    ),
                    options=TRUST_SCALE,
                ),
                question(
                    "victim_12m",
                    "multiple",
                    t(
                        "Har du under de senaste 12 månaderna utsatts för något av följande i ditt område?",
                        "In the last 12 months, have you been a victim of any of the following in your area?",
                        "خلال الأشهر الـ 12 الماضية، هل تعرضت لأي مما يلي في منطقتك؟",
                    ),
                    help=t("Välj alla som stämmer.", "Choose all that apply.", "اختر كل ما ينطبق."),
                    options=VICTIM_OPTIONS,
                ),
                question(
                    "victim_reported",
                    "single",
                    t(
                        "Anmälde du det som hände till polisen?",
                        "Did you report what happened to the police?",
                        "هل أبلغت الشرطة بما حدث؟",
                    ),
                    show_if={"question": "victim_12m", "values": [1, 2, 3, 4, 5, 6]},
                    options=[
                        option(1, t("Ja, allt", "Yes, all of it", "نعم، كل شيء")),
                        option(2, t("Ja, en del", "Yes, some of it", "نعم، بعضه")),
                        option(3, t("Nej", "No", "لا")),
                    ],
                ),
            ],
        },
        {
            "title": t(
                "Vad skulle göra området tryggare?",
                "What would make the area safer?",
                "ما الذي سيجعل المنطقة أكثر أماناً؟",
            ),
            "intro": t("", "", ""),
            "questions": [
                question(
                    "safer_measures",
                    "multiple",
                    t(
                        "Vad skulle göra området där du bor tryggare?",
                        "What would make the area where you live safer?",
                        "ما الذي سيجعل المنطقة التي تسكن فيها أكثر أماناً؟",
                    ),
                    help=t("Välj alla som stämmer.", "Choose all that apply.", "اختر كل ما ينطبق."),
                    options=SAFER_OPTIONS,
                ),
                question(
                    "unsafe_places",
                    "places",
                    t(
                        "Finns det platser där du känner dig otrygg? Markera dem.",
                        "Are there places where you feel unsafe? Mark them.",
                        "هل توجد أماكن تشعر فيها بعدم الأمان؟ حددها.",
                    ),
                    help=t(
                        "Du kan markera upp till fem platser och skriva varför. " + NO_PERSONAL_DATA["sv"],
                        "You can mark up to five places and say why. " + NO_PERSONAL_DATA["en"],
                        "يمكنك تحديد ما يصل إلى خمسة أماكن وذكر السبب. " + NO_PERSONAL_DATA["ar"],
                    ),
                ),
                question(
                    "safer_text",
                    "text",
                    t(
                        "Vill du berätta något mer om tryggheten i ditt område?",
                        "Is there anything else you want to tell us about safety in your area?",
                        "هل تريد أن تخبرنا بأي شيء آخر عن الأمان في منطقتك؟",
                    ),
                    help=NO_PERSONAL_DATA,
                ),
            ],
        },
    ],
}
