"""The words the figures detector reads, folded (ingest.arabic), in Arabic and English."""

from __future__ import annotations

# Population groups and counted things: folded word -> group (or a thing counted).
AR_NOUNS = {
    "children": "طفل|طفلا|طفلان|طفلين|اطفال|طفله|الاطفال",
    "women": "امراه|نساء|سيده|سيدات|مواطنه|مواطنات|نسوه",
    "men": "رجل|رجلا|رجال",
    "civilians": "مدني|مدنيا|مدنيين|مدنيون|مواطنا مدنيا|مواطنين مدنيين|مواطنا|مواطنين|المدنيين",
    "fighters": "مقاتل|مقاتلا|مقاتلين|مقاتلون|مسلح|مسلحا|مسلحين|متمرد|متمردا|متمردين|عناصر",
    "member": "عنصر|عنصرا|عضو|عضوا",
    "all": "شخص|شخصا|اشخاص|قتيل|قتلي|نسمه|انسان|انسانا|ضحيه|ضحايا|حاله وفاه|حالات وفاه|السوريين",
    "votes": "صوت|صوتا|اصوات|دوله|دول|اعضاء",
    "crossings": "معبر|معابر|نقطه|نقاط|نقطتين|نقطتي العبور|نقطتي",
    "air-strikes": "ضربه|ضربات|الضربات الجويه|ضربه جويه|غاره|غارات|غاره جويه",
}
# A second noun joined by و that belongs to the same phrase: "رجلا وفتى", "مدنيا ومقاتلا".
AR_JOINED = {"فتي": None, "شابا": None, "شاب": None, "جهاديا": None, "مقاتلا": "fighters",
             "مقاتلين": "fighters"}
EN_NOUNS = {
    "children": "children|child",
    "women": "women|woman",
    "men": "men|man",
    "civilians": "civilians|civilian casualties|civilian|civilians deaths",
    "fighters": "fighters|rebels|militants|combatants|insurgents",
    "member": "members|jihadis|terrorists|militants of|IS",
    "all": "people|persons|deaths|dead|casualties|others|victims|Syrians|lives",
    "votes": "votes in favour|votes|abstentions|abstention|in favour|against",
    "crossings": "border crossings|border crossing|crossings|crossing",
    "air-strikes": "air strikes|airstrikes|air raids|raids|strikes",
    "barrel-bombs": "barrel bombs",
    "targets": "targets",
    "attacks": "attacks",
}
EN_JOINED = {"young men": None, "young people": None, "women": "women"}

# Qualifiers before a number (folded), and after it.
AR_BEFORE = {
    "اكثر من": "more-than", "ما يزيد عن": "more-than", "ما يزيد على": "more-than",
    "اكثر": "more-than", "ما لا يقل عن": "at-least", "لا يقل عن": "at-least",
    "نحو": "about", "حوالي": "about", "قرابه": "about", "زهاء": "about",
    "ما يقرب من": "about", "ما يقارب": "about", "اقل من": "less-than",
}
AR_AFTER = {"علي الاقل": "at-least"}
EN_BEFORE = {
    "more than": "more-than", "over": "more-than", "at least": "at-least", "about": "about",
    "around": "about", "nearly": "about", "almost": "about", "some": "about",
    "approximately": "about", "roughly": "about", "up to": "less-than", "fewer than": "less-than",
    "less than": "less-than",
}

# Outcomes named near a figure (folded), nearest wins.
AR_OUTCOMES = {
    "killed": "مقتل|قتل|قتلي|قتيل|قتلوا|قتلت|مصرعهم|لقي|لقوا|قضوا|حتفهم|ضحايا|الضحايا|حصيله|استشهد|"
    "استشهدوا|شهداء|الشهداء|"
    "اودت بحياه|وفاه|وفيات|الخسائر البشريه|القتلي",
    "injured": "جرحي|الجرحي|جريح|اصابه|اصيب|اصيبت|مصابين",
    "killed-or-injured": "مقتل واصابه",
    "displaced": "نزوح|النزوح|نزحوا|تشريد|نازح|نازحين|تهجير",
    "in-need": "المساعدات|مساعدات|يعتمدون|بحاجه|المحتاجين",
}
EN_OUTCOMES = {
    "killed": "killed|kill|kills|dead|death|deaths|died|toll|lost their lives",
    "injured": "wounded|injured|injuries",
    "killed-or-injured": "casualties",
    "displaced": "displaced|fled|flee|driven|homes",
    "in-need": "lifeline|in need|depend|assistance|aid",
}
# How a vote is cast, named near a count of votes.
AR_VOTES = {
    "in-favour": "ايد|ايدته|ايدت|وافق|وافقت|لصالح|صوت لصالح|بموافقه",
    "against": "عارض|عارضه|عارضت|ضد|رفض|رفضت",
    "abstention": "امتنع|امتنعت|امتناع",
}
EN_VOTES = {
    "in-favour": "in favour|in favor|votes in favour",
    "against": "against|negative vote",
    "abstention": "abstention|abstentions|abstaining|abstained",
}
# Time units: a number before one is a duration, not a figure.
AR_TIME = (
    "يوم|ايام|يوما|شهر|شهرا|اشهر|عام|عاما|اعوام|سنه|سنوات|ساعه|ساعات|اسبوع|اسابيع|ثانيه|دقيقه|"
    "دقائق"
)
EN_TIME = (
    "day|days|working days|month|months|year|years|week|weeks|hour|hours|minute|minutes|"
    "second|seconds|mins|min"
)
# What marks a part of a total, and what starts a new total.
AR_PART = "بينهم|من بينهم|ضمنهم|منهم|هم|بواقع|من بين|بينها"
AR_RESET = "بالاضافه الي|اضافه ل|اضافه الي|وكذلك|الي جانب"
EN_PART = "including|of whom|among them|among the dead are|among the dead"
EN_RESET = "as well as|in addition to|and also"
# Perpetrators named near a figure.
AR_PERPETRATORS = {
    "actor:russia": "(?:الغارات|الضربات|القصف|الطيران|الطائرات|الضربات الجويه|حملتها الجويه)"
    r"(?:\s+\S+){0,2}\s+الروسي|روسيا|موسكو|الروسي",
    "actor:government-of-syria": "القوات الحكوميه|قوات النظام|النظام السوري|الحكومه السوريه",
}
EN_PERPETRATORS = {
    "actor:russia": r"Russian (?:air ?strikes|airstrikes|raids|strikes|jets|bombing|warplanes)|"
    r"Russia launched|Russian military",
    "actor:government-of-syria": r"government (?:air )?strikes|Syrian government|Government and "
    r"its allies|government and its allies",
}
