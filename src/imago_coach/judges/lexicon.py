"""Patterns and word lists of the local judge.

Each cue is a named regular expression matched case-insensitively within one clause of the
response. The name selects the explanation the user sees (see ``judges.feedback``). Patterns are
written from how people actually talk in practice sessions: advice as a question, a sting inside a
compliment, minimising with "at least", motives diagnosed with "you're only saying that because".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from imago_coach.language.patterns import rx
from imago_coach.models import Flag


class CueKind(StrEnum):
    """What a cue found; each kind has its explanation in ``judges.feedback.EXPLAIN``."""

    ADVICE = "advice"
    QUESTION_ADVICE = "question_advice"
    COMMITMENT = "commitment"
    LABEL = "label"
    INSULT = "insult"
    BLAME = "blame"
    MINIMISE = "minimise"
    DOWNGRADE = "downgrade"
    MOTIVE = "motive"
    SARCASM = "sarcasm"
    CURT = "curt"
    DISMISS = "dismiss"
    MORALISE = "moralise"
    OWN_STORY = "own_story"
    COUNTER = "counter"
    REBUTTAL = "rebuttal"
    NEW_SUBJECT = "new_subject"
    INTERPRETATION = "interpretation"
    ADDED = "added"
    OFF_TOPIC = "off_topic"
    YES_BUT = "yes_but"
    ADDED_FEELING = "added_feeling"
    LEARNED_JUDGEMENT = "learned_judgement"
    LEARNED_SOLUTION = "learned_solution"
    LEARNED_TOPIC_CHANGE = "learned_topic_change"
    DEFEND = "defend"


LEARNED_KIND: dict[Flag, CueKind] = {
    Flag.JUDGEMENT: CueKind.LEARNED_JUDGEMENT,
    Flag.SOLUTION: CueKind.LEARNED_SOLUTION,
    Flag.TOPIC_CHANGE: CueKind.LEARNED_TOPIC_CHANGE,
}  # the learned second reader's finding, by flag


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    pattern: re.Pattern[str]


def _cues(kind: CueKind, *patterns: str) -> list[Cue]:
    """Cues of one kind, matched case-insensitively."""
    return [Cue(kind, rx(p)) for p in patterns]


_YOU_RE = (
    r"you(?:'re|’re| are| were|'ve| have| can| get| got| seem| sound| look)(?: always| never|"
    r" really| just| often| sometimes)?(?: been| be| being)?"
)
_LABELS = (
    r"(?:over-?sensitive|too sensitive|so sensitive|sensitive|dramatic|overly dramatic|selfish|"
    r"clueless|ignorant|dense|dumb|brainless|moronic|idiotic|delusional|deluded|worthless|"
    r"useless|disgusting|spineless|gutless|pathetic|retarded|"
    r"lazy|crazy|insane|nuts|paranoid|needy|clingy|controlling|nagging|naggy|childish|immature|"
    r"ungrateful|irrational|unreasonable|hysterical|petty|insecure|obsessed|obsessive|"
    r"sulking|whining|whinging|moaning|nagging|pouting|stropping|kicking off|going on about|"
    r"ridiculous|silly|stupid|pathetic|mean|rude|inconsiderate|self-?centred|self-?centered|"
    r"selfish|spoiled|spoilt|difficult|impossible|unbelievable|exhausting|a nag|"
    r"a martyr|the victim|a drama queen|a wet blanket|hard work|a killjoy|no fun|too hard on "
    r"yourself|way too hard on yourself|a control freak|jealous|possessive|cold|hypocritical|"
    r"a hypocrite|negative|demanding|high-?maintenance|touchy|moody|stubborn|a snob|boring|"
    r"uptight|judgy|judgmental|judgemental|overreacting|over-reacting|exaggerating|"
    r"catastrophi[sz]ing|overthinking|blowing (?:this|it|things) (?:way )?out of proportion|"
    r"making a (?:big )?(?:deal|fuss|scene|drama)|making a mountain|making this about|"
    r"being unfair|unfair|wrong|obsessing|sulking|whining|whinging|moaning|complaining again|"
    r"nitpicking|keeping score|so negative|a bit much|too much|extra|over the top|"
    r"reading too much into|reading into it)"
)
_MODS = (
    r"(?:\s+(?:being|acting|sounding|so|too|really|just|a bit|a little|kind of|sort of|"
    r"pretty|very|quite|such|always|getting|totally|completely|honestly|literally|way|"
    r"being a bit))*"
)

SOLUTION: list[Cue] = [
    *_cues(
        CueKind.ADVICE,
        r"^(?:(?:so|ok|okay|look|honestly|seriously|well|right|then|yeah|mate|love|babe|hun),?\s+)*"
        r"(?:just |simply |maybe |please |perhaps |definitely |really )?(?:accept|add|agree|allow|apologise|apologize|apply|arrange|ask|avoid|bath|bathe|be(?! (?:honest|right back|mine|careful|safe|sure|well|like|blessed)\b)|bin|blend|block|book|breathe|bring|buy|call|calm|cancel|change|check|consider|contact|chill|clean|clear|come|cook|cut|delete|do(?= (?:it|that|this|something|what|one|some)\b)|download|drink|drop|eat|email|empty|encourage|exercise|explain|feed|fill|find|fire|fix|focus|fold|forget|forgive|get|give|go(?! on\b)|grab|hide|hire|hoover|ignore|install|iron|join|journal|keep|knock|label|laugh|learn|leave|let|limit|listen|lock|look|lower|make|mark|meditate|message|move|mute|note|order|pack|pay|phone|pick|plan|play|practice|practise|praise|pray|prepare|print|put|quit|raise|read|relax|remember|remind|research|rest|reward|ring|rotate|say|schedule|seek|sell|send|set|share|show|shut|sign|sit|skip|sleep|sort|speak|split|start|stay|step|stick|stop|stretch|swap|switch|take|talk|teach|tell|text|think|throw|tidy|treat|try|tune|turn|unfollow|unpack|unplug|update|use|vacuum|visit|wait|walk|wash|watch|wear|write"
        r")\b(?! (?:me|us|to me|more|what|if I|how you|you|that you|why)\b)",
        r"\b(?:the )?(?:best|only|easiest|simplest) thing (?:to do )?(?:is|would be) (?:to|just)\b|"
        r"\b(?:a good|one|another|the best|a better|my|the) (?:idea|option|suggestion|bet|advice|"
        r"solution|move|plan|first step) (?:would be|might be|could be|may be|is) (?:to|for you|"
        r"(?:to )?just)\b|"
        # "it's important to take care of yourself", "sometimes it helps to break it down",
        # "reaching out to a doctor would be a smart move"
        r"\bit(?:'s| is| would be| might be| could be) (?:really |so |very |always |just )?"
        r"(?:important|essential|vital|crucial|key|wise|smart|best|helpful|a good idea|worth it) "
        r"(?:for you )?to (?!(?:you|me|us|him|her|them|hear|know|be heard|understand|feel|say|"
        r"get this right)\b)|\b(?:sometimes|often|usually|really) it helps (?:to|if you)\b(?! (?:know|understand|hear|see|remember))|"
        r"\bit (?:often |usually |always |really )?helps (?:to|if you) (?!know|understand|hear|see|remember)\w+|"
        r"\b(?:would|could|might|may) be a (?:smart|good|wise|great|sensible|safe) (?:move|idea|"
        r"step|option|start|call)\b|"
        # "I'd just tell her straight up", "I personally wouldn't make a big deal of it":
        # what the receiver would do in their place
        r"(?<!promised you )(?<!promised )(?<!said )(?<!swore )(?<!told you )(?<!that )"
        r"\bI(?:'d| would)(?: (?:just|personally|probably|definitely|honestly|seriously|also|"
        r"still|first|simply))* (?:not |never )?(?:start|tell|keep|heed|make|talk|ask|call|try|"
        r"look|find|leave|stop|wait|let|take|give|put|speak|contact|reach out|consider|check|"
        r"recommend|suggest|avoid|skip|write|set|buy|hire|book|report|document|sit|push|insist)"
        r"\b(?! (?:you|to you|myself|me)\b)|\bI wouldn't (?:make|bother|stress|push|force|"
        r"give|let|take|read|tell)\b|"
        r"(?:^|[,;]\s*|\bthen\s+)(?:just |please |definitely |really )?(?:don't|do not|never) "
        r"(?:feel|let|give|get(?! me wrong)|make|take|go|put|say|tell|do|stress|bother|push|"
        r"force|rush|wait|forget|ignore|compare|beat|be afraid|be scared|hesitate|settle|"
        r"apologi[sz]e)\b|\byou(?:'ll)? need (?:a|an|some|to get|to find|to see|to talk|to call|"
        r"to ask|to tell|to take|to make|to try|to start|to stop)\b|"
        r"\b(?:u|ya) (?:should|shud|could|need to|ought to|might want to|gotta)\b|"
        r"\bthe trick is\b|\bif it were me\b|\bin your shoes\b|\bmy two cents\b|\bwhat you need "
        r"(?:is|to do)\b|(?<!how )(?<!what )(?<!if )(?<!way )\byou(?:'ll| will)? want to (?:get|try|make|ask|call|book|have|see|put|take)"
        r"\b|\bworth a (?:try|go|shot)\b|\bgive it a (?:go|try|shot)\b|\bhave a word with\b|"
        r"\bsleep on it\b|\bmake sure you\b|\bdon't forget to\b|\bremember to\b|\bI(?:'d| would) "
        r"just\b|\bit(?:'d| would) be (?:good|better|nice|smart|easier) (?:to|if you)\b|\bget "
        r"(?:yourself )?(?:a|some) (?:therapist|counsellor|counselor|help|hobby|rest|sleep)\b",
        r"\byou(?: really| just| probably| definitely| honestly| seriously)? (?:should|shoulda|"
        r"ought to|need to|have to|must|gotta|'d better|had better)\b(?! have\b)(?!n't have)"
        r"(?! (?:feel|be|have felt|'ve felt|be feeling|know)\b)",
        r"\byou (?:could|can|might) (?:always |just |maybe |also |perhaps )?(?:try|consider|ask|"
        r"talk|say|get|make|set|put|use|go|take|stop|start|write|call|text|leave|let|give|turn|"
        r"look|find|book|plan|schedule|join|see if|bring|mention|explain|skip|cut|split|hire|"
        r"buy|limit|block|mute|delete|sleep|rest|check|speak|sit down|do)\b(?! me\b)",
        r"\b(?:maybe|perhaps|possibly)(?: just)? (?:you|we) (?:could|should|can|might|need|ought|"
        r"have to|just)\b",
        r"\bit(?:'s| is|'d be| would be| might be| may be| could be) (?:worth|a good idea|"
        r"better|best|smart|wise|easier|helpful|useful) (?:to|if)\b",
        r"\b(?:it|that) (?:would|might|could|will) (?:really )?help(?: you)? (?:if|to)\b",
        r"\bif I were you\b|\bmy advice\b|\bI(?:'d| would) (?:suggest|recommend|advise)\b|"
        r"\bI (?:suggest|recommend)\b",
        r"\b(?:the|a|one) (?:solution|fix|answer|trick|way round this|way around this) "
        r"(?:is|would be|could be|might be)\b",
        r"\ball you (?:have|need) to do\b|\byou (?:just|only) (?:need|have) to\b",
        r"\byou (?:may|might) (?:want|wish|like) to\b",
        r"\bwhat (?:helps|works|worked|helped) (?:for )?me\b",
        r"\bnext time\b(?! (?:you|I) (?:felt|said|were|was)\b)",
        r"\b(?:might|would|could|will|'d|'ll|should) (?:really |probably |definitely )?(?:help(?! me\b)(?! us\b)|sort (?:\w+ )?out|do (?:the trick|wonders)|sort (?:it|most of it|that|things|this))\b",
        r"\b(?:maybe|perhaps) (?:we|you) (?!feel|felt|are|were|had|have felt|might|just feel|don't|didn't|never|always|also)[a-z]+\b",
        r"(?:^|[,;]\s*)(?:just |simply |so |maybe |honestly,? |please )?(?:try|ask|stop|quit|"
        r"start|call|text|go|get|put|set|make|take|leave|write|book|plan|schedule|ignore|"
        r"relax|chill|breathe|focus|consider|use|turn|switch|give|bring|speak|sit|cut|delete|"
        r"block|mute|hire|split|buy|sleep|look|update|knock|laugh|tune|put|read|join|"
        r"don't (?!worry|get me wrong|you|make it sound|pretend)|do not)\b(?! me\b)"
        r"(?! to me\b)(?! more\b)(?! on\b)",
        r"\bwe(?: should| could| can| need to| ought to| might|'ll| will)(?: just| maybe| also|"
        r" probably| always| easily)? (?!be\b|feel\b|see\b|hear\b|understand\b|talk about (?:it|"
        r"this) later\b|get through\b|figure (?:it|this) out together\b)[a-z]+",
        r"\byou (?:could|can|might)(?: just| always| maybe| also| perhaps| easily)? (?!feel\b|be\b|"
        r"have\b|tell me\b|see\b|hear\b|say more\b|imagine\b|count on me\b|trust me\b|talk to me\b"
        r"|come to me\b|take your time\b|not\b|never\b|still\b|probably\b)[a-z]+",
        r"\b(?:would|will|'d|'ll) be (?:good|better|healthy|great|best) for (?:you|us|both of "
        r"us)\b",
        r"\bif you(?:'d| would| just| could)(?: just)? (?:go|try|talk|ask|stop|start|get|let|take|"
        r"make|see|call|listen|sleep|eat|do|tell|say|put|set|give)\b",
        r"\blet's (?:just |maybe |try |make |sit |plan |set |schedule |agree |figure |sort |get |"
        r"go |put |book |find |work out|split |take turns|write |budget |come up )",
        r"\bwould (?:an?|the|some|it|that|this|a little)\b[\w\s]{0,25}\bhelp\b",
        r"\b(?:really )?(?:worked|works|helped|helps) (?:wonders )?(?:for )?(?:my|me|us)\b"
        r"(?! (?:to )?(?:understand|see|get|know|hear|feel|realise|realize)\b)|\bswears by\b",
        r"\bI wonder if (?:we|you) (?:should|could|ought|need|might want)\b",
        r"^(?:just|simply) (?!to\b|like\b|so\b|wanted\b|want\b|because\b|a\b|the\b|as\b|how\b|"
        r"what\b|when\b|that\b|this\b|in\b|for\b|one\b|me\b|you\b|I\b|thinking\b|saying\b|"
        r"checking\b|wow\b|great\b|brilliant\b|perfect\b|lovely\b|amazing\b|typical\b)[a-z]+",
        r"\b(?:what|how) about \w+ing\b",
        r"\bthere(?:'s| is| are) (?:a|an|some|loads of|lots of|plenty of|this) (?:\w+ )?(?:course|"
        r"courses|book|app|class|classes|group|therapist|counsellor|counselor|website|podcast|"
        r"programme|program|video|option|trick|service)\b",
        r"\bbe worth \w+ing\b|\b(?:it might|it may|maybe it's|it's) (?:be )?time to\b|\bfeel "
        r"better if you\b",
        r"^(?:maybe|perhaps)(?: just)? (?:see|try|talk|ask|get|take|go|book|call|write|put|set|"
        r"speak|look|find|consider|start|stop|let|give|join|read)\b",
        r"\blet's (?!be\b|see if I\b|slow down\b|keep talking\b|take a breath\b|not\b)[a-z]+",
    ),
    *_cues(
        CueKind.COMMITMENT,
        r"\bI(?:'ll| will| can| could)(?: just)? (?:fix|sort|handle|take care of|make sure)\b",
        r"\bI(?: promise|'ll| will) (?:never|always|stop|start|try to|make sure|from now on)\b",
        r"\bfrom now on\b|\bnext time I(?:'ll| will)\b",
        r"\b(?:perhaps|maybe) I (?:could|should|can|will)\b",
        r"\b(?:shall|can|could) I (?:take|do|call|ring|book|sort|handle|talk|ask|pick|make|get|help|"
        r"have a word|speak)\b|\b(?:do you )?want me to (?:take|do|call|ring|book|sort|handle|talk|"
        r"ask|pick|make|get|help|have a word|speak)\b",
        r"\bI(?:'ll| will)(?: just| try to| make sure to| make sure I)? (?!be honest|admit|say|tell "
        r"you|think|let you know|never forget|always remember|try to understand|listen|hear)"
        r"(?:stick|text|keep|put|leave|come|stop|start|limit|cut|check|turn|book|pay|cover|drive|"
        r"pick|drop|move|hand|set|give|cancel|delete|block|mute|change|switch|call|ring|tell her|"
        r"tell him|tell them|speak to|talk to)\b",
        r"\bI(?: could| can|'ll| will) (?:always |just |maybe |also )?(?:ask|talk to|tell|call|take|do|"
        r"help|get|make|sort|book|speak to|have a word|look|find|pick|handle|deal|stop|start)\b",
    ),
    *_cues(
        CueKind.QUESTION_ADVICE,
        r"\bwhat do you think (?:about|of) (?:\w+ing|going|getting|asking|trying)\b|"
        r"\bhow would you feel about (?:\w+ing)\b|"
        r"\bis it (?:possible|an option|worth) (?:to|for you to|asking|trying|talking|getting)\b|"
        r"\bdo you think (?:you|she|he|they|it)(?:'d| would| could| might)\b[^?]*\bif you\b",
        r"\bwhy (?:don't|do not|dont|wouldn't|not|can't) (?:you|we|just)\b|\bwhy not\b",
        r"\b(?:have|had|did) you (?:ever )?(?:tried|try|thought about|thought of|considered|"
        r"consider|think about|looked into|looked at|asked|seen)\b",
        r"\b(?:what|how) about (?:you |we |trying |if |just |asking |talking |telling |getting |"
        r"going |making |a |setting |writing |booking |taking |letting )",
        r"\bwhat if (?:you|we|I)(?: just| tried| try)?\b",
        r"\b(?:could|can|shall|should) we (?:try|do|get|make|set|put|take|split|swap|book|go|"
        r"plan|schedule|have|start|stop)\b",
        r"\bwould(?:n't)? it (?:help|be (?:better|easier|good|nice|worth|a good idea))\b",
        r"\b(?:could|can|would|will) you (?:not |just |maybe |perhaps |at least )?"
        r"(?:try|stop|start|consider|ask|talk to|set|put|make|let|give|turn|leave|take|"
        r"write|call|text|book|plan|schedule|use|go|get|hire|split|limit|skip|bring|speak to|"
        r"maybe|just|think about)\b(?! me more\b)",
        r"\b(?:is|isn't) there (?:a way|something|anything) (?:you|we) (?:could|can|might)\b",
        r"\b(?:do|would) you (?:want|like) (?:me )?(?:to )?(?:try|help you|fix|sort|make|"
        r"call|book|talk to)\b",
        r"\bwouldn't (?:you|it) be (?:easier|better|happier)\b",
        r"\bcouldn't you (?:just )?\w+",
    ),
]

# Plain insults and contempt aimed at the listener: name-calling, mockery, "go away", attacks on
# their intelligence. Rarer in practice sessions than a soft label, common in real arguments.
_YOU = r"(?:you|u|ya)"
_YOU_ARE = r"(?:you(?:'re|’re| are| were)|ur|u r|you're being|you are being)"
_INSULT_NOUNS = (
    r"(?:idiots?|morons?|imbeciles?|cretins?|losers?|jerks?|assholes?|arseholes?|a-holes?|"
    r"dicks?|pricks?|bitch(?:es)?|cunts?|bastards?|douche(?:bag)?s?|dumbass(?:es)?|jackass(?:es)?|"
    r"dipshits?|retards?|clowns?|fools?|twats?|wankers?|tossers?|pigs?|slobs?|brats?|"
    r"crybab(?:y|ies)|snowflakes?|cowards?|hypocrites?|liars?|psychos?|freaks?|weirdos?|creeps?|"
    r"nut ?jobs?|lunatics?|trolls?|scumbags?|scum|trash|garbage|failures?|joke|disgrace|"
    r"waste of (?:space|time|oxygen|air|skin)|piece of (?:shit|crap|work|garbage|trash)|"
    r"sad little (?:man|woman|person|boy|girl)|(?:big|little|spoiled|spoilt) (?:baby|child|kid|brat)|"
    r"(?:dumb ?|stupid |lazy |fat |ignorant |smart )?(?:ass|azz)|fuck-?tards?|pussy|twats?|"
    r"scum ?bags?|cock ?suckers?|maggots?|turds?|tools?|numpty|numpties|plonkers?|muppets?)"
)
_INSULT_ADJ = (
    r"(?:stupid|dumb|idiotic|moronic|pathetic|worthless|useless|retarded|brainless|clueless|"
    r"ignorant|dense|thick|disgusting|pitiful|spineless|gutless|deluded|delusional|insane|"
    r"ridiculous|absurd|lame|dim|dimwitted|dim-witted|simple-minded|small-minded|narrow-minded|"
    r"illiterate|sad|miserable|laughable|embarrassing|shameful|fucking|f\*+ing|freaking|bloody)"
)
_SCORN = (
    r"(?:stupid|dumb|idiotic|moronic|pathetic|ridiculous|absurd|lame|laughable|worthless|"
    r"useless|retarded|brainless|ignorant|spineless|gutless|self-?centred|self-?centered|selfish|"
    r"childish|immature|petty|spoiled|spoilt|whiny|entitled|arrogant)"
)
_INTENSIFIERS = r"(?:(?:such|so|a|an|the|just|really|total|complete|absolute|utter|real|fucking|little|big|old)\s+)*"
# "You're not an idiot for...", "nobody thinks you're stupid": an insult denied, not made.
NEGATED_INSULT = rx(
    rf"\b(?:{_YOU_ARE}|you)\s+(?:not|never|no|hardly)\s+{_INTENSIFIERS}(?:{_INSULT_ADJ}\s+)*"
    rf"(?:{_INSULT_NOUNS}|{_SCORN})\b|\b(?:nobody|no one|not that|I don't|I never) (?:\w+ ){{0,3}}"
    rf"(?:think|thinks|thought|said|says|calls?|called) (?:you(?:'re| are| were)? )?(?:an? )?"
    rf"(?:{_INSULT_ADJ}|{_INSULT_NOUNS}|{_SCORN})\b"
)


# Praise, surprise and laughter that mock a complaint ("Oh wow.", "Congratulations.", "lol") but
# are sincere when the partner shares good news or a funny story: read only after a complaint.
SARCASTIC_PRAISE: list[Cue] = _cues(
    CueKind.SARCASM,
    r"^(?:wow|lovely|fantastic|brilliant|amazing)[.!…]*$|^(?:oh,? )?wow\b",
    r"^oh,? (?:thank|great|good|lovely|wonderful|fantastic|really|brilliant|how awful|how "
    r"terrible|I'm so sorry|poor you)\b",
    r"\b(?:good for you|well done you|congratulations|congrats)\b|\bseriously\?|\breally\?|"
    r"\bpoor "
    r"(?:thing|darling|little (?:thing|you|lamb))\b",
    r"\b(?:lol|lmao|lmfao|rofl|haha(?:ha)*|bwahaha+)\b",
)
GOOD_NEWS = rx(
    r"(?<!not )(?<!n't )(?<!never )\b(?:congrat\w*|promot(?:ed|ion)|won|winning|passed|engaged|"
    r"pregnant|married|wedding|graduat\w+|accepted|excited|thrilled|happy|glad|proud|great news|"
    r"good news|finally|birthday|vacation|holiday|bought|funny|hilarious|made me laugh|cracked "
    r"(?:me )?up|laughed so hard|pass|passing|finished|almost done|can't wait|cannot wait|"
    r"looking forward|lol|"
    r"haha\w*|amazing|awesome|fun|yay|celebrat\w+|best (?:day|night|time|thing)|new (?:job|car|"
    r"house|home|puppy|dog|kitten|baby|place|phone|bike)|(?:got|get|getting) (?:a |the |my |"
    r"into )?(?:job|raise|promotion|puppy|kitten|offer|engaged|married|accepted|in)\b)"
)  # the partner shares good news or a funny story: praise and laughter are sincere
INSULTS: list[Cue] = _cues(
    CueKind.INSULT,
    # name-calling: "you're such a loser", "you sound like a spoiled child", "you idiot"
    rf"\b{_YOU_ARE}\s+{_INTENSIFIERS}(?:{_INSULT_ADJ}\s+)*{_INSULT_NOUNS}\b",
    rf"\b{_YOU_ARE}\s+(?:merely |just |nothing but |such )?an?\s+(?:[\w-]+,?\s+){{1,3}}"
    rf"{_INSULT_NOUNS}\b",
    rf"\b{_YOU}\s+(?:sound|seem|look|act|behave|talk|are acting|are behaving)\s+like\s+(?:an?|the|"
    rf"some)\s+(?:{_INSULT_ADJ}\s+)*(?:{_INSULT_NOUNS}|child|baby|toddler|teenager|kid|"
    r"maniac|lunatic|broken record)\b",
    rf"^(?:\W*(?:and|oh|well|look|listen|ugh)\W+)?{_YOU}\s+(?:(?:{_INSULT_ADJ}|old|little|big|"
    rf"absolute|complete|total|utter)\s+)*{_INSULT_NOUNS}\b|,\s*{_YOU}\s+(?:(?:{_INSULT_ADJ}|old|"
    rf"little|big)\s+)*{_INSULT_NOUNS}\s*[.!?]*$|\b{_YOU}\s+(?:{_INSULT_ADJ}|old|little)\s+"
    rf"{_INSULT_NOUNS}\b",
    rf"\b(?:what|such)\s+an?\s+(?:{_SCORN}\s+)*(?:{_INSULT_NOUNS}|{_SCORN}\b)",
    # "are you stupid?", "are you even listening?"
    r"\bare (?:you|u) (?:(?:just|really|actually|being|so|that|plain|simply|lazy|or|blind|"
    r"deaf|selfish)\s+){0,3}(?:stupid|dumb|deaf|blind|thick|dense|insane|mental|retarded|lazy|"
    r"selfish|useless|incompetent|pathetic|"
    r"illiterate|an idiot|a moron|out of your (?:mind|tiny mind)|even listening|for real|"
    r"brain ?dead|simple|thick or something|that (?:stupid|dumb|thick|dense|slow))\b",
    # the superlative put-down: "the dumbest thing I've heard"
    r"\b(?:dumbest|stupidest|silliest|lamest|most (?:stupid|ridiculous|pathetic|idiotic|absurd|"
    r"childish|selfish|ignorant)) (?:thing|idea|excuse|argument|question|comment|reason|"
    r"nonsense|person|people|\w+ I(?:'ve| have) (?:ever )?(?:heard|seen|read))\b",
    # go away, shut up, nobody cares
    r"(?:^|[,;:!.]\s*|\b(?:just|now|please|so|oh|and|ugh|god|seriously|honestly|then)\s+)(?:get "
    r"a life|get a brain|grow a brain|shut up|shut it|shut your \w+|go away|get lost|piss off|"
    r"fuck off|f off|bugger off|sod off|go to hell|bite me|talk to the hand|cope harder|touch "
    r"grass|get a job|shut the (?:fuck|hell) up|get the (?:fuck|hell) (?:out|off|away)|go back "
    r"to (?:your|the) (?:hole|cave|basement|silo|bridge))\b",
    r"\bwhat (?:are|r) (?:you|u)(?: guys)? (?:smoking|high on|on)\?",
    r"\b(?:sucks to be (?:you|u)|must suck (?:to be|being) (?:you|u)|nobody cares|no one cares|"
    r"nobody gives a|no one gives a|(?<![a-z] )who cares|\b(?:so|and|but|like|well|oh|honestly|seriously|really) who cares|nobody asked|no one asked|cry me a river|"
    r"boo[- ]?hoo|stfu|screw you|fuck you|f\*+ you|"
    r"(?:nobody|no one) likes you|everyone hates you|you make me sick|you (?:disgust|sicken|"
    r"repulse) me|i couldn't care less|i could care less)\b",
    r"^(?:\W*(?:honestly|frankly|look|well|and)\W+)?i (?:really )?(?:don't|do not) care[.!]*$",
    r"\bno wonder (?:nobody|no one|you're (?:alone|single|unhappy|lonely)|(?:she|he|they) "
    r"left)\b",
    # attacks on their mind: "you clearly can't follow a simple argument"
    rf"\b{_YOU} (?:clearly|obviously|apparently|really|just|simply|honestly|seriously)? ?(?:can't|"
    r"cannot|couldn't|don't|do not|didn't) (?:even )?(?:follow|understand|comprehend|read|grasp|"
    r"get|spell|think|process|handle)(?: \w+){0,3} (?:simple|basic|plain|obvious|easy|"
    r"straightforward)\b",
    rf"\b{_YOU} (?:clearly|obviously|apparently) (?:have no (?:clue|idea)|know nothing|"
    r"don't know what you're talking about|haven't a clue|can't)\b",
    r"\b(?:learn to read|learn how to read|(?:your|work on your|no|zero|basic|lacking|learn some|"
    r"try some) reading comprehension|can (?:you|u) (?:even )?read|"
    r"do (?:you|u) even (?:read|think|listen|know)|use your (?:brain|head)|brain cells?|your "
    r"(?:tiny|little|small|pea) (?:brain|mind)|(?:room|iq) temperature|smooth[- ]brain)\b",
    r"\byour life must be (?:so |really |pretty )?(?:miserable|sad|pathetic|boring|empty|"
    r"lonely|awful|dull)\b|\bmust be (?:nice|great|fun) (?:being|to be) (?:you|so)\b",
    r"\b(?:that's|that is|this is|what a load of|full of|talking|such|utter|complete|total) "
    r"(?:total |complete |utter |such |a load of )?(?:bullshit|bs|crap|shit|horseshit|"
    r"garbage|drivel|twaddle|tripe)\b",
    # condescension: "perhaps you're too young to get the point", "obviously you've never...",
    # "do some basic research", "are you ignorant, or both?", "Duh."
    r"\byou(?:'re| are) (?:just |simply |clearly |obviously |probably )?too (?:young|naive|dumb|"
    r"stupid|blind|thick|dense|ignorant|biased|brainwashed|lazy|slow|simple) to (?:get|"
    r"understand|see|grasp|follow|know|realise|realize|notice|comprehend)\b|"
    r"\b(?:obviously|clearly|evidently) you(?:'ve| have)? never\b|"
    r"\b(?:do|try) (?:some|your|a little|a bit of)(?: basic)? (?:research|homework|reading)\b|"
    r"\bcheck your facts\b|\bread the room\b|\bare (?:you|u)\b[^?]{0,40}\bor both\b|"
    r"\bdo (?:us|me|everyone|the world) (?:all )?a favou?r\b|\byour (?:\w+ )?(?:whining|"
    r"whinging|drivel|ranting|stupidity|ignorance|hatred)\b|^(?:duh|puh-?lee+ze|get real)\b|"
    r"\bgtfo\b",
)

# A complaint or a hurt in the sender's words: praise or laughter after it mocks.
COMPLAINT = rx(
    r"\b(?:you (?:never|always|don't|didn't|won't|wouldn't|forgot|keep|ignore|ignored)|nobody|"
    r"no one|(?:I feel|I felt|feel like)(?! (?:great|good|amazing|happy|proud|excited|wonderful|"
    r"fantastic|better|awesome|so good|really good|lucky|blessed|relieved))|hurt|hurts|upset|"
    r"angry|mad|annoyed|frustrated|lonely|alone|"
    r"ignored|invisible|tired|exhausted|sad|scared|afraid|worried|humiliat\w*|embarrass\w*|"
    r"disappoint\w*|struggl\w*|unfair|stress\w*|hate|can't stand|fed up|sick of|"
    r"overwhelm\w*|ashamed|jealous|anxious|cry|cried|crying)\b"
)

# The receiver running themselves down ("I'm such an idiot, I should have noticed"): their own
# story, never a verdict on the partner, whatever the learned reader reads in "idiot".
SELF_TALK = rx(
    r"^(?:\W*(?:and|but|so|god|ugh|oh|honestly)\W+)?I(?:'m|’m| am| was| feel like| felt like)"
    r" (?:such |so |a |an |the |complete |total |absolute |real |bit of )*(?:idiot|moron|fool|"
    r"failure|mess|disaster|loser|jerk|useless|stupid|dumb|terrible|awful|hopeless)\b"
)

# Scornful words: a judgement the rules find in them is contempt, not just a label.
SCORNFUL = rx(
    r"\b(?:pathetic|stupid|idiot\w*|moron\w*|dumb|loser|grow up|get a grip|disgusting|worthless|"
    r"useless|joke|clown|whine|whines|whining|whinge\w*|moan|moaning|spoiled|spoilt|brat)\b"
)

# "I'm sorry you feel that way": a non-apology when the partner's complaint is about the
# receiver, clumsy sympathy when it is about the world (read only after a complaint to "you").
NON_APOLOGY: list[Cue] = _cues(
    CueKind.SARCASM,
    r"\bsorry (?:that |if )?you (?:feel|felt|think|thought|see it|took it (?:that|this|the wrong) "
    r"way|take it (?:that|this|the wrong) way|were offended|got offended|are offended)\b",
)

JUDGEMENT: list[Cue] = [
    *INSULTS,
    # Eye-rolls and mock agreement, read before "always"/"never" can call them blame.
    *_cues(
        CueKind.SARCASM,
        r"[\U0001F644\U0001F612\U0001F643\U0001F971]|\*?\beye ?rolls?\b\*?|\bhappy now\?|"
        r"\byou(?:'re| are) always right\b|^(?:right|yeah|oh yeah|sure),? because\b|\bif "
        r"that's how you (?:want to|wanna|choose to|'d like to|would like to) (?:see|look at|take|"
        r"read) it\b",
    ),
    *SARCASTIC_PRAISE,
    *NON_APOLOGY,
    *_cues(
        CueKind.LABEL,
        r"\b(?:a bit|a little|rather|pretty|quite|slightly|kind of|sort of|so|too|really|such a|"
        r"bit|very|incredibly|ridiculously|massively|totally|a tad) (?:passive[- ]?aggressive|self[- ]?righteous|thin[- ]?skinned|materialistic|disrespectful|inconsiderate|two[- ]?faced|sanctimonious|irresponsible|oversensitive|hypocritical|manipulative|overdramatic|disorganized|unreasonable|stuck[- ]?up|performative|disorganised|melodramatic|incompetent|judgemental|controlling|thoughtless|superficial|judgmental|unreliable|possessive|vindictive|ridiculous|ungrateful|hysterical|irrational|obsessive|demanding|difficult|excessive|negative|dramatic|neurotic|immature|careless|snobbish|precious|paranoid|childish|entitled|pathetic|pedantic|arrogant|stubborn|unhinged|intense|uptight|miserly|prudish|preachy|spoiled|selfish|shallow|stingy|snobby|clumsy|frigid|boring|spoilt|greedy|slobby|snappy|touchy|clingy|grumpy|whiny|messy|petty|needy|pushy|judgy|harsh|cheap|picky|crazy|silly|naggy|bossy|fussy|flaky|tight|mean|rich|fake|vain|smug|dull|rude|nuts|nosy|lazy"
        r"|far[- ]?fetched|unrealistic|naive|daft|dumb|idiotic|absurd|pointless|overkill)\b(?! (?:of me|on my part|for me to)\b)",
        r"\b(?:which is|which was|that's|that is|it's|it is|how|you're|you are|you were|you've been|"
        r"(?:are|is) hard) (?:passive[- ]?aggressive|self[- ]?righteous|thin[- ]?skinned|materialistic|disrespectful|inconsiderate|two[- ]?faced|sanctimonious|irresponsible|oversensitive|hypocritical|manipulative|overdramatic|disorganized|unreasonable|stuck[- ]?up|performative|disorganised|melodramatic|incompetent|judgemental|controlling|thoughtless|superficial|judgmental|unreliable|possessive|vindictive|ridiculous|ungrateful|hysterical|irrational|obsessive|demanding|difficult|excessive|negative|dramatic|neurotic|immature|careless|snobbish|precious|paranoid|childish|entitled|pathetic|pedantic|arrogant|stubborn|unhinged|intense|uptight|miserly|prudish|preachy|spoiled|selfish|shallow|stingy|snobby|clumsy|frigid|boring|spoilt|greedy|slobby|snappy|touchy|clingy|grumpy|whiny|messy|petty|needy|pushy|judgy|harsh|cheap|picky|crazy|silly|naggy|bossy|fussy|flaky|tight|mean|rich|fake|vain|smug|dull|rude|nuts|nosy|lazy"
        r")\b",
        r"\b(?:a bit of a stretch|chip on your shoulder|listen to yourself|get over yourself|"
        r"your (?:majesty|highness|royal highness|ladyship|lordship)|(?:the whole|another|your "
        r"little) (?:lecture|sermon|speech|rant|tirade|performance|drama)|let's be real|"
        r"coming from (?:the|a|someone|somebody|him|her|you)|suddenly so (?:keen|interested|"
        r"concerned|worried)|now you(?:'re| are) (?:suddenly|all)|cheers for that|thanks for "
        r"that|thanks a bunch|ok(?:ay)?,? noted|is it really (?:that|so)|really that (?:hard|bad|"
        r"difficult|big|much)|deep down,? you know|your own (?:thing|problem|issue|fault)|"
        r"I(?:'d| would) hope you(?:'d| would)?|(?<=\w)(?:'s| is) a choice|at least (?:makes|tries|"
        r"bothers|does|puts)|hardly (?:the end of the world|a big deal|a crisis|anything|a disaster"
        r"|surprising))\b",
        r", did I[.?!]*$|\bdid I\?",
        r"\byou (?:like|love|enjoy) (?:being in control|having control|the drama|the attention|"
        r"being the victim|being right|to be right|a fight|to argue)\b|"
        r"\byou (?:just|only|secretly|obviously|clearly) (?:like|love|enjoy|want) (?:having|being|"
        r"to|the)\b|\bif you(?:'d| had)(?: just| only)? (?:lost|kept|done|made|gone|taken|got|"
        r"gotten|left|been|told|said|thought|paid|spent|bothered|tried|listened)\b|\bif you "
        r"(?:didn't|weren't|wouldn't|hadn't) \w+|\bit(?:'ll| will) be nothing\b",
        r"\b(?:snowflake|princess|diva|drama llama|killjoy|buzzkill|nag|control freak|neat freak|"
        r"psycho|mental|unhinged|hysterical|precious|wimp)\b(?= *(?:[.!?,]|$| about| over| "
        r"again| as usual| lately))",
        r"\byou(?:'re| are|'ve always been| have always been)(?: just| such| a bit of| always| really| "
        r"basically| kind of)* an? (?:worrier|moaner|whinger|nag|snob|bully|hypochondriac|pessimist|"
        r"control freak|neat freak|slob|brat|baby|child|princess|diva|martyr|doormat|pushover|"
        r"drama queen|killjoy|wet blanket|hothead|workaholic|people[- ]pleaser|hoarder|"
        r"perfectionist|know[- ]it[- ]all|cynic|fusspot|worry ?wart)\b|\bby nature\b",
        r"\b(?:get a grip|(?<!they )(?<!kids )(?<!children )(?<!he )(?<!she )(?<!we )(?<!to )(?<!will )(?<!I )grow up|grow a pair|man up|toughen up|harden up|snap out of it|get over "
        r"yourself|pull yourself together|stop being (?:so )?\w+|stop moaning|stop whining|"
        r"stop complaining)\b",
        r"\b(?:what did you expect|what do you want me to do|did it ever occur to you|do you even|"
        r"have you ever thought that maybe you|who (?:does|would) (?:that|even)|are you (?:really|"
        r"seriously|actually|honestly) (?:going to|that|so|upset|crying|angry))\b",
        r"(?<!aw )(?<!aww )(?<!aw, )(?<!god )\b(?:bless(?! you\b)|ugh|pfft|yawn|sigh|smh|ffs)\b[.!*]*",
        rf"\b{_YOU_RE}{_MODS}\s+{_LABELS}\b",
        r"(?<!have )(?<!did )(?<!hope )(?<!glad )(?<!if )"
        r"\b(?:you|you're|you are)\s+(?:always |constantly |just |so )?(?:overreact|"
        r"exaggerate|nag|complain|whine|moan|sulk|catastrophi[sz]e|overthink|twist)\w*",
        r"\b(?:that's|that is|this is|it's|it is|that was|it was|how)\s+(?:so |really |a bit |"
        r"pretty |completely |totally |just |kind of |honestly |frankly |a little |slightly |"
        r"somewhat |a tad )*(?:ridiculous|silly|"
        r"crazy|absurd|stupid|childish|petty|dramatic|irrational|unreasonable|overkill|nonsense|"
        r"an overreaction|rubbish|pathetic|insane|paranoid|hysterical|a bit much|over the top|"
        r"unfair of you|selfish of you|rude of you|mean of you)\b",
        r"\b(?:typical|classic) (?:you|of you)\b|\bdrama queen\b|\bdon't be (?:so |such )?"
        r"(?:dramatic|silly|ridiculous|sensitive|childish|a baby|paranoid|like that|petty|"
        r"touchy|negative|difficult)\b",
        r"\b(?:that|this|it|you) (?:makes|make) no sense\b|\b(?:that|this|it) doesn't make (?:any )?sense\b|"
        r"\byou (?:\w+ )?(?:worry|think|care|complain|talk|overthink|read into things|stress) too much\b|"
        r"\bwhat(?:'s| is) wrong with you\b|\byou people\b|\bthe type (?:who|to)\b|\bthe (?:kind|sort|type) of (?:person|guy|girl|woman|man|people) (?:who|that)\b|\bif you "
        r"had a real\b",
        r"\byou(?:'re| are| were|'ve been| have been| can be)(?: \w+){0,2} (?:a bit of an?|such "
        r"an?|kind of an?|a real|a total|"
        r"a complete) \w+",
        r"\b(?:which|that|this|it)(?:,? honestly,?)? (?:is|was|seems|sounds) (?:a bit |so |really "
        r"|pretty |kind of |a little |quite |just )*(?:dramatic|ridiculous|silly|irrational|"
        r"childish|petty|paranoid|much|over the top|extra|unreasonable|crazy|obsessive)\b",
        r"\bhow (?:insecure|sensitive|jealous|dramatic|controlling|needy|anxious|uptight|"
        r"stubborn|moody|touchy|negative|strict|competitive|critical) you (?:are|get|can be|"
        r"were)\b",
        r"\b(?:your|kind of your|classic|typical) (?:pattern|thing|problem|issue)\b|"
        r"\b(?:just|always|kind of|classic|typical|that's|that is) your way\b|"
        r"\bas usual\b|\bclassic you\b",
        r"\byou (?:do |always |really )?take (?:things|everything|it) (?:so |too )?personally\b|"
        r"\btake (?:these|those|things|everything|it|this|that|stuff|\w+s) (?:\w+ )?(?:so|too) "
        r"(?:much )?to heart\b",
        r"\b(?:he|she|they|my (?:mom|mum|mother|dad|father|sister|brother|boss)|your (?:mom|mum|"
        r"mother|dad|father|sister|brother|boss|friends?))(?:'s| is| are)(?: \w+){0,2} (?:a snob|"
        r"an idiot|a jerk|useless|lazy|crazy|toxic|ridiculous|selfish|rude|impossible|boring|"
        r"using you|out to get)\b",
        r"\b(?:act|acting|behave|behaving|carry on|carrying on|sulk|sulking|talk|talking) like "
        r"(?:a grown-?up|an adult|a normal person|a child|a baby|a teenager|a toddler)\b|"
        # "feel like an adult" names the partner's own wish, not a verdict on them
        r"(?<!feel )(?<!feels )(?<!feeling )(?<!felt )(?<!less )(?<!more )"
        r"\blike (?:a grown-?up|an adult|a normal person)\b",
        r"\bthat's (?:just )?how (?:it works|it's done|things work)\b",
        r"\b(?:coming )?from someone who\b|\bfunny how\b|\bhow convenient\b",
        r"\bsame old\b|\b(?:a )?bit late (?:to|for)\b|\bof our time\b|\bis there a list\b|"
        r"\bI'll just (?:grow|read|magically|guess)\b|\btry (?:\w+ing)\b.*\bno idea\b|"
        r"\bI'm surprised you\b",
    ),
    *_cues(
        CueKind.BLAME,
        r"\byou (?:really |honestly )?(?:should|could|ought to|might) have\b(?! (?:felt|been|"
        r"wanted|needed|thought|had|seen|heard|noticed|wondered)\b)|\byou "
        r"(?:should've|shoulda|could've|coulda|shouldn't have)\b",
        r"\bwhy (?:did|didn't|would|wouldn't|can't|won't) you (?:always |ever |even |just )?\w+|"
        r"\bwhy do you (?:always|never|have to|keep)\b|\bhow could you\b",
        r"\b(?:it's|it is|that's|that is|it was)(?: all| really| entirely)? your (?:own )?"
        r"(?:fault|problem|issue|responsibility|doing|choice)\b|\bbecause of you\b|"
        r"\byou brought (?:this|it) on\b|\byou started (?:it|this)\b|\bthat's on you\b",
        r"\byou(?: always| never)? (?:make|made) me (?:feel |so |do |angry|mad|late|look)\b",
        r"\byou (?:always|never|constantly|keep|forever) (?:do (?:this|that)|make|turn|have to|"
        r"get|overreact|complain|nag|exaggerate|blame|bring|listen|let|give|appreciate|stop|"
        r"think|help|want|notice|ask|care|leave|forget|criticis|criticiz|interrupt|start|ruin|"
        r"pick|change|put|say)\w*",
        r"\byou(?:'re| are)? (?:always|never|constantly|forever)\b(?! (?:get|got|getting|chose|"
        r"asked for|wanted|meant|signed up|had|deserved|knew|felt|feel|have|has|been|get to|got "
        r"to|had to|have to|end up|ended up|the one)\b)",
        r"\byou (?!feel|felt|must|might|may|have to|had to|studied|are feeling|were feeling)"
        r"\w+(?: \w+){0,4} (?:all the time|about everything|literally everything|every "
        r"(?:single )?(?:day|night|time))\b",
        r"\byou (?:also |always |just |really |never )?(?:insist on|refuse to|won't even|can't "
        r"even|couldn't even|did kind of|kind of "
        r"made|made it clear|agreed to|chose to|wanted this|knew what)\b",
        r"\byou (?:need|have|ought) to (?:work on|learn to|get over|grow|deal with|sort out|"
        r"get a grip|toughen|stop being|let go)\b",
        r"\bI never (?:complained|complain|said anything|made a fuss|asked for)\b",
        r"\b(?:just as much|just as bad|as bad as you|no better)\b|\bnobody asked (?:you|for)\b|\byou have no "
        r"idea\b|\bin the first place\b|\bif you hadn't\b|\bbecause you (?:lied|cheated|forgot|"
        r"left|never|always|didn't|won't|can't|refuse|ignored|spent|broke|lost)\b|\bif you "
        r"(?:\w+ed|did) (?:it |that )?(?:properly|right|correctly)\b|\byou only (?:ever|bring|"
        r"talk|care|call|notice|remember|think)\b|\byou only \w+ (?:it|that|this|me) because\b|"
        r"\bdon't make it sound\b|\b(?:let's not|stop|don't) pretend\b|\bwalk all over you\b|"
        r"\bwhen you let (?:people|them|her|him|everyone)\b|\b(?:it's|that's) not healthy\b|"
        r"^right,? so (?:I'm|I am|we're|you're|the)\b",
        r"\byou \w+(?: up)? (?:sulking|whining|whinging|moaning|nagging|pouting)\b|\byou "
        r"\w+ (?:at|about|over) (?:everything|every little thing|nothing)\b",
        r"\b(?:isn't|is not|wasn't) (?:really )?(?:okay|ok|acceptable|appropriate|normal|"
        r"healthy)\b|\bthat's not (?:really )?fair\b(?! (?:to|on|of) (?:you|me|us))",
        r"\bfor someone as\b|(?<=\w) as you are\b|\btrivial\b|\bsuch a (?:small|little|minor)\b|"
        r"\bbecomes a (?:crisis|drama|big deal)\b|\b\w+ (?:shouldn't|should not|ought not to) be "
        r"(?:about|like)\b|,? remember[.?!]*$|\bas you(?:'d| would) put it\b|\bif (?:you|she|he|"
        r"they) (?:weren't|were not|didn't|did not|hadn't) (?:so|always|keep|blow|spend|waste)\b|"
        r"\bis (?:a bit|a little|so|really|pretty|kind of|rather) (?:dramatic|much|extreme|over "
        r"the top|harsh|ridiculous|silly)\b|\bif (?:you|she|he|they) \w+ properly\b|\blet "
        r"yourself go\b|\bhere we go\b(?! again)|,? obviously[.!]*$|\ba grown (?:adult|man|woman)\b|"
        r"\b(?:should|ought to) be able to\b|\b(?:classic|typical) (?:\w+ )?you\b|\ba bad "
        r"influence\b|\b(?:truly|how|so) tragic\b|\byour little\b|\bwhich you(?:'ve| have) "
        r"always been\b|\byou(?:'ve| have) never (?:really )?(?:liked|cared|wanted|trusted|"
        r"respected)\b|\bmartyr\b|\b\w+ complex\b|\bso dull\b",
        r"\byou (?:really )?(?:need|have|ought) to stop\b|\bif you(?:'re| are) (?:that|so) "
        r"(?:worried|upset|bothered|tired|unhappy|lonely)\b",
        r"\bif you(?:'d| had)(?: just| only)? [a-z]+ed\b|\bwhat happens when you\b|\bwhen you "
        r"won't\b",
    ),
    *_cues(
        CueKind.MINIMISE,
        r"\b(?:it's not rocket science|first world problems?|(?:these|such) things happen|it happens(?=[.!]*$)|"
        r"worse things happen|you(?:'re| are) lucky|count your blessings|it is what it is|life's too "
        r"short|don't sweat it|no harm done|could be worse|happens to everyone|everyone goes through|"
        r"part of (?:life|being a parent|marriage)|you'll get used to it|get used to it|not the end "
        r"of the world|blown out of proportion|storm in a teacup|making a meal of it)\b",
        r"\b(?:it's|it is|it was|that's|that is|this is|it wasn't|it isn't|that isn't|it's "
        r"really)\s+(?:really |honestly |just |hardly |even )?(?:not |no |hardly |only |just )"
        r"(?:really |that |such |even )?(?:a |that |so )?(?:big deal|huge deal|big thing|that "
        r"bad|that serious|serious|the end of the world|a problem|worth|a crisis|a tragedy|that "
        r"important|important)",
        r"\bno big deal\b|\bno biggie\b|\bnot that big a deal\b|\bnot (?:a|that) big (?:of a )?deal\b|\bnot the end of the world\b",
        r"\bat least (?:you|it|they|he|she|we|the|nobody|no one|your|there|that)\b",
        r"\bcould (?:have been|be|'ve been) (?:a lot |much |way )?worse\b",
        r"\b(?:it's|it was|it is|that's|they're|he's|she's)(?: only| just) (?:a |an |one |two |"
        r"the |money|dishes|a phone|a game|for |once|twice|stuff|words|banter|a joke|joking|"
        r"teasing|my mum|my mom|your mum|your mom|family|work|sex|socks)",
        r"\b(?:only|just) (?:a|one|two|an) (?:night|day|weekend|time|dinner|hour|minute|drink|"
        r"joke|text|game|comment)\b",
        r"\bdon't worry(?: about it| so much)?\b|\byou'll (?:be fine|get over it|survive|live)\b|"
        r"\blighten up\b|(?<!told to )(?<!telling you to )\bget over it\b|\blet it go\b(?! to\b)|\bmove on\b|\bdon't take (?:it|things|"
        r"everything) (?:so )?(?:personally|seriously|to heart)\b",
        r"\b(?:nothing|no need|no reason) to (?:be |get |feel )?(?:upset|worried|angry|jealous|"
        r"sad|hurt|stressed|anxious|worry|cry)\b",
        r"\byou shouldn't (?:feel|be|worry|get|let it|take it|care)\b",
        r"\b(?:it's|it is) not like (?:I|we|he|she|they|it|you)\b",
        r"\b(?:everyone|everybody|all couples|all men|all women|every couple|most people) "
        r"(?:does|do|has|have|feels|goes through|argues|fights)\b",
        r"\bthat's (?:just )?(?:life|normal|how it is|how (?:men|women|kids|families) are)\b",
        r"\bcalm down\b|(?:^|[,;]\s*)(?:just |please |oh |so )?(?:relax|chill(?: out)?|breathe)"
        r"\b|\bso relax\b",
        r"\bcheer up\b|\blook on the bright side\b|\bsilver lining\b",
        r"\bthat's (?:just )?how (?:she|he|they|it) (?:is|are)\b|\b(?:she's|he's|they're) (?:just )?like that\b",
        r"\b(?:it'll|it will|he'll|she'll|they'll|you'll|everything will|it's going to|he's going "
        r"to|she's going to) (?:be (?:fine|okay|ok|alright|all right)|work out)\b|\busually "
        r"nothing\b",
        r"\b(?:it's|it is|that's)(?: probably| likely)? just (?:stress|tiredness|hormones|a phase|"
        r"nerves|your imagination)\b|\b(?:he's|she's|they're|he is|she is) like that with "
        r"(?:everyone|everybody)\b|\b(?:it's|it is|it was)(?: really)? not personal\b|"
        r"\bthicker skin\b|\b(?:it was|it's)(?: just| only)? (?:one|a single|a couple of|two) "
        r"\w+(?:,? though)?[.!]*$",
        r"\b(?:it's|it is|it was|that's)(?: only| just) (?!ours|mine|yours|his\b|hers|theirs|me\b|"
        r"us\b|you\b|that\b|how\b|what\b|because\b|so\b|too\b|as\b|like\b|the way|the only|the "
        r"two of us|between)(?:a |an |one |the |some )?\w+(?: \w+)?"
        r"(?:,? (?:though|babe|love|honey|really|mate|hon))?[.!]*$",
        r"\b(?:a |such a |kind of a |pretty )?(?:small|little|tiny|minor) thing\b|\bover nothing\b|"
        r"\bit's nothing\b|\b(?:he|she|they|it) (?:didn't|doesn't|don't|wasn't) mean (?:it|"
        r"anything)\b|\bkids say\b|\bpeople (?:get|do|say)\b.*\ball the time\b",
        r"\b(?:isn't|is not|wasn't|aren't|weren't|hasn't been) (?:really |even )?(?:that|so) "
        r"(?:many|much|bad|long|big|often|serious|important|terrible|awful)\b",
        r"\b(?:one|a single|just one) (?:morning|night|evening|day|time|meal|weekend|comment|"
        r"drink|beer)\b.*\bnot\b|\blose sleep over\b|\bisn't it\?$",
    ),
    *_cues(
        CueKind.DOWNGRADE,
        r"\b(?:a little|a bit|slightly|a tad|kind of|somewhat) (?:embarrassed|upset|hurt|annoyed|"
        r"sad|worried|cross|put out|miffed|stressed|anxious|scared|disappointed|lonely)\b",
    ),
    *_cues(
        CueKind.MOTIVE,
        r"\byou(?:'re| are) only (?:asking|saying (?:that|this|it)|doing (?:that|this|it)|being "
        r"nice)\b|\bbecause you want something\b",
        r"\byou(?:'re| are)? (?:only|just|clearly|obviously|probably|really) (?:saying|doing|"
        r"upset|angry|mad|acting|complaining|bringing (?:this|it) up)\b.*\b(?:because|so|since)\b",
        r"\byou(?:'re| are)? (?:only|just) (?:saying|doing) (?:that|this|it)\b",
        r"\byou (?:just|only|really|secretly|obviously|clearly)? ?want (?:attention|to win|to be "
        r"right|to control|to punish|to make me|me to feel|an excuse|an argument|a fight)\b",
        r"\bthe real (?:reason|issue|problem|thing) (?:is|here is)\b",
        r"\byou(?:'re| are) projecting\b|\bthat's (?:just )?(?:your|the) (?:anxiety|insecurity|"
        r"ego|pride|jealousy|mother|mum|mom|dad|father|childhood|trauma|depression|hormones|"
        r"stress|tiredness|ADHD|upbringing|family) (?:talking|speaking)\b",
        r"\byou secretly\b|\bsomething to hide\b|\bgo looking for\b",
        r"\b(?:just |only |probably |obviously )because you(?:'re| are)? (?:jealous|insecure|"
        r"tired|hormonal|stressed|bored|hungry|angry|upset|drunk|in a mood|on your period)\b",
        r"\byou(?:'re| are) (?:just|only|probably|obviously|clearly) (?:tired|hungry|stressed|"
        r"hormonal|jealous|insecure|bored|in a mood|overtired|looking for)\b",
        r"\byou only care about\b|\byou (?:obviously |clearly |just |really )?(?:don't|do not|"
        r"never) (?:really |even )?care\b|\ball you care about\b",
        r"\b(?:maybe|perhaps) (?:the real|you're just|you just|it's because you)\b",
        r"\byou(?:'re| are)(?: \w+){0,2} (?:just|only|probably|obviously|clearly)(?: \w+){0,2} "
        r"(?:tired|hungry|stressed|hormonal|jealous|insecure|bored|in a mood|overtired|"
        r"competitive|sensitive|anxious)\b",
        r"\b(?:I think|I guess|I bet|I suspect|maybe|probably|honestly),? (?:it's |that's )?"
        r"(?:more |really |just |actually )?(?:that |because )(?:you|your)\b",
        r"\bI think you (?:like|want|enjoy|just|secretly|really|actually|prefer|need attention|get|"
        r"go|always|never|only)\b|"
        r"\b(?:that's|it's) (?:really |actually |more )?about (?:your|you)\b|\bthe reason\b.*"
        r"\bbecause you\b|\bI said that because you\b|\bbecause you (?:overthink|always|"
        r"never|can't|don't)\b|\bbecause you worry (?:too|so) much\b",
    ),
    # A one-word reply to someone opening up: a brush-off, not a label.
    *_cues(CueKind.CURT, r"^(?:fine|noted|okay then|ok then|right then)[.!…]*$"),
    # Exasperation at the topic itself: their hurt treated as a nuisance.
    *_cues(
        CueKind.DISMISS,
        r"\bhere we go again\b|\bnot this again\b|\b(?:not|are we|we're|we are) "
        r"(?:doing|having|on) this (?:again|conversation again|one again)\b|"
        r"\b(?:this|that) again\?",
    ),
    *_cues(
        CueKind.SARCASM,
        r"^(?:tragic|cute|shocker|classic)[.!…]*$",
        r"\b(?:whatever makes you happy|if you say so|fine,? whatever|okay,? noted|sure,? jan|"
        r"alright then|aren't you (?:lucky|special|clever)|must be "
        r"(?:hard|tough|awful) being you|my heart bleeds|cry me|the horror|oh no,? anyway)\b",
        r"\boh,? (?:sure|right|perfect|please|come on)\b",
        r"\byeah,? right\b|\bmust be nice\b|\bpoor (?:you|baby)\b|\byeah,? yeah\b|\bheard it "
        r"(?:all )?(?:a million|a hundred|a thousand|a dozen|the first \w+) times\b|\b(?:so )?"
        r"(?:adorable|cute|sweet) when you\b|^sure,? because\b|\bbecause I (?:live|exist) to\b|"
        r"\bwould it kill you\b|"
        r"(?<!oh no, )(?<!oh no )\bhow (?:terrible|awful|tragic|dreadful|horrible) for you\b|\bwell,? excuse me\b|"
        r"\bthanks a lot\b|\bsorry I'm not perfect\b|\bwhat a (?:surprise|shock|tragedy)\b|"
        r"\b(?:heaven|god) forbid\b|\bboo-?hoo\b|\bnice to know\b|"
        r"\bbig surprise\b|\bshocking\b|\bcry me a river\b|\bwhatever you say\b|"
        r"\bI forgot\b.*\bis "
        r"(?:above|beyond|perfect)\b|"
        r"\bso sorry (?:that )?your life\b|\bworld's smallest violin\b",
        r"^whatever\b|\bwhatever[.!]*$|\bcome on\b(?! (?:time|the|a|an|in|over|to|round|by|at|with)\b)|\bare you (?:serious|kidding)\b|"
        r"\byou can't be serious\b|\bgive me a break\b|\bI can't believe you\b",
        r"\bI (?:don't|do not|can't) (?:know|get|understand|see) why you(?:'d| would)? (?:feel|"
        r"be|get|think)\b",
        r"\bI (?:don't|do not|can't) (?:get|understand|see) why you(?:'re| are|'d| would| get)? "
        r"(?:so |making |even |this |that |getting |upset|angry|bothered)",
    ),
    *_cues(
        CueKind.MORALISE,
        r"\ba (?:good|real|decent|proper|loving|normal|grown|mature|responsible) (?:partner|wife|"
        r"husband|mother|mum|mom|father|dad|parent|person|man|woman|friend|adult|girlfriend|"
        r"boyfriend) (?:would|wouldn't|doesn't|does|knows|should)\b",
        r"\b(?:you|people) (?:should|ought to) (?:be|feel) (?:grateful|thankful|ashamed|lucky|"
        r"glad)\b|\bshould know better\b|\byou (?:have|had) no right\b|\bshame on you\b",
        r"\bthat's not how (?:adults|grown-ups|normal people|a marriage|marriage|relationships|"
        r"families|partners) (?:work|behave|act)\b|\bgrown-?ups? (?:don't|do)\b|\bact your age\b|"
        r"(?<!they )(?<!kids )(?<!children )(?<!he )(?<!she )(?<!we )(?<!to )(?<!will )(?<!I )\bgrow up\b",
        r"\bit's (?:wrong|selfish|rude|disrespectful|unfair|immature) (?:to|of you)\b",
        r"\b(?:you're|you are) (?:usually|normally|generally) (?:so |more |pretty |quite )?"
        r"\w+\b.*\b(?:which is why|so I'm|that's why|but|so this)\b",
        r"(?<!wait )(?<!waiting )(?<!waited )(?<!looking )(?<!care )(?<!caring )"
        r"\bfor someone (?:who|so|that)\b|\bI(?:'d| would)(?: have)? expect(?:ed)? (?:better|"
        r"more) (?:from|of) you\b|\byou of all people\b|\bnot like you to\b|\bI thought you were "
        r"(?:better|smarter|more)\b|\bfor once\b|\byou(?:'ve|'re| have| are)? finally\b|^(?:well,? )?finally\b",
        r"\b(?:you're|you are) (?:lucky|fortunate) (?:that|I|to have)\b",
    ),
]

DEFENSIVE: list[Cue] = _cues(
    CueKind.DEFEND,
    r"\bI(?:'m| am) (?:the|now the) (?:villain|bad guy|bad one|problem|enemy)\b",
    r"\bI was (?:so |really |just |completely )?(?:slammed|swamped|flat out|snowed under|run off my feet|exhausted|shattered|knackered)\b|\b(?:that's|this is|it's) (?:totally |completely |entirely |a )?(?:different|not the same)\b",
    r"\bthat's not (?:really |exactly )?(?:what happened|true|how it (?:went|happened))\b|\bI (?:barely|hardly|only|never) (?:looked|said|did|touched|spent|had)\b",
    r"\bbut I (?:was|did|do|had|have|only|just|always|never|didn't|tried|try|work|am|'m|"
    r"thought|meant|wanted|needed)\b",
    r"\bI was (?:just|only) (?:trying|joking|being|teasing|tired|busy|doing)\b",
    r"\bI didn't mean (?:it|to|that)\b|\bI had (?:no choice|to)\b|\bin my defen[cs]e\b",
    r"\bto be fair,? (?:I|it|that)\b|\bI do (?:help|try|a lot|my share|everything|care|listen)\b",
    r"\bI can't help (?:it|that|the fact)\b|\bI(?:'ve| have) been (?:so )?(?:busy|working|"
    r"exhausted|tired|trying|under)\b",
    r"\bthat's not fair\b(?! (?:on|to|for) (?:you|them|him|her)\b)|\bthat isn't fair\b(?! (?:on|to|for) (?:you|them|him|her)\b)|\bit wasn't my fault\b|\bnot my fault\b|"
    r"\byou know I (?:don't|didn't|wasn't|love|care|would never)\b|\bI'm not (?:a mind reader|"
    r"perfect|the only one|the bad guy|a monster)\b|\bwhat was I supposed to\b",
)

TOPIC: list[Cue] = [
    *_cues(
        CueKind.OWN_STORY,
        r"\b(?:that|this|it) reminds me\b|\bwhich reminds me\b|\bwhen I was (?:a kid|young|"
        r"little|growing up|at|your age|in)\b",
        r"\bthe same (?:thing )?(?:happens|happened) (?:to|with) me\b|\bI(?:'ve)? had (?:the "
        r"same|a similar|that happen)\b|\bme too\b|\bsame (?:here|with me)\b",
        r"\bI know (?:exactly )?how you feel,? (?:when|because|my|I)\b|\bI remember (?:when|"
        r"the time) I\b|\bthat's (?:exactly )?(?:like|how I felt) when\b",
        r"\b(?:my|our) \w+ (?:was|is|did|does) (?:exactly )?the same\b|\bsame thing happened\b|"
        r"\bfor me (?:either|too|as well)\b|\b(?:to|with) me (?:too|as well|either)\b|"
        r"\bthat's nothing compared to\b|\byou think that's bad\b|\btry being me\b|"
        r"\bI have it (?:worse|harder)\b|\bif you think that's\b",
    ),
    *_cues(
        CueKind.COUNTER,
        r"\bwhat about (?:you|when you|the time|all the|how you|your|me|my)\b",
        r"\byou (?:also|too) (?:do|did|never|always|don't|didn't|have|are|were|forget|spend|"
        r"leave|ignore)\b|\b(?:and|but|well),? you (?:never|always|yourself)\b",
        r"^well,? you(?:'re| are)?\b|\byou(?:'re| are) one to talk\b|\blook who's talking\b|\byou do (?:it|that|the same)"
        r"(?: thing)? (?:too|all the time|yourself|every)\b|\bpot (?:calling|and) (?:the )?"
        r"kettle\b",
        r"(?<!when )(?<!\bif )\byou(?:'re| are) the one who\b|\b(?:it's|that's) the same (?:for|with) me\b|\btoo,? to be "
        r"fair\b|\bnever yours\b|\bwhat am I supposed to do\b|\bfor me[.!]*$|\bit's been "
        r"(?:awful|hard|tough|horrible|rough) for me\b|\b(?:honestly|to be honest),? I (?:feel|felt|"
        r"am|'m)\b",
        r"\bI(?:'m| am) the (?:only )?one who\b|\bat least I\b|\bwhat about me\b|\bwe both (?:have|do|are|get|need|did|had|work|feel)\b|\bboth of us "
        r"(?:do|have|are)\b|\byou were (?:exactly |just )?the same\b",
        r"\bI also (?:feel|felt|have|need|wish|get|want|would like|had|was|am)\b|\bI (?:feel|"
        r"felt|get) (?:the same|that way) (?:too|when you)\b",
        r"\bI(?:'ve| have)? (?:also |too )?(?:got|have) (?:my own|feelings|needs|a lot)\b|"
        r"\bmy (?:needs|feelings|side)\b",
        r"\bI(?:'m| am) (?:also |just as |even more )(?:tired|stressed|exhausted|busy|upset|"
        r"hurt|lonely)\b|\bI work (?:too|just as|hard too)\b|\bI do (?:too|the same|more)\b",
        r"^\W*(?:well|but|yeah,? (?:well|but)|ok(?:ay)?,? (?:well|but))\W+I (?:feel|felt|get)\b"
        r"[^.!?]*\bwhen you\b|"
        r"\bthe (?:difference|problem|issue) is,? (?:I|you)\b|\bwell,? I\b(?! (?:hope|am sure|'m sure|"
        r"am so sorry|'m so sorry|'m sorry|am sorry|can imagine|imagine|understand|hear you|bet "
        r"you|'m glad|am glad|'m happy|am happy|love that)\b)",
    ),
    *_cues(
        CueKind.REBUTTAL,
        r"\bthat's not (?:really |exactly |quite )?(?:what happened|true|how it (?:went|happened)|"
        r"right|accurate|fair|the case|what I said|what I meant)\b(?! (?:on|to|for) (?:you|them|him|her)\b)|\bthat isn't (?:true|what "
        r"happened|right)\b",
        r"\bit wasn't (?:like that|that bad|all night|every|really|as bad)\b|\bit was(?:n't| "
        r"only| just) (?:one|a|an|once|twice|a couple|for)\b",
        r"\bI (?:did not|didn't|never) (?:say|do|leave|ignore|forget|talk|spend|said|mean|"
        r"promise|agree|ask|touch|flirt|look)\w*\b|\bwas(?:n't)? (?:the \w+['’]s|his|her|their) "
        r"fault\b|\bI was (?:only|just) (?:there|gone|on|out|away|late) (?:for|by)\b",
        r"\b(?:actually|technically|to be accurate|in fact|in reality|the truth is),? (?:I|it|we|"
        r"you|that|there|they)\b",
        r"\byou(?:'re| are) (?:wrong|mistaken|remembering (?:it|that) wrong|misremembering|"
        r"twisting|putting words)\b|\bI don't remember it (?:that way|like that)\b|"
        r"\bthat's your version\b|\bnot all (?:night|day|the time|weekend)\b|\bonly (?:once|"
        r"twice|one time|a few times|for an hour|for a minute|for five minutes)\b|\bin my "
        r"defen[cs]e\b",
        r"\b(?:it was|it's|that was) [\w\s'-]{1,20}, not\b|\bfor the record\b|\b(?:I|we|they|he|she) did (?:actually |too |so |in fact )?(?:say|"
        r"tell|ask|try|have|call|text|mention|do|check|offer|help)\b|\bnever once\b|\bnot the "
        r"whole\b|\bit hasn't been\b|\byou (?:said|told me|agreed) (?:it was|it's|that it|you|"
        r"to)\b|(?<!rather )(?<!wish )(?<!wished )\bI (?:only|just) (?:told|said|did|had|went|asked|mentioned)\b|\bI don't "
        r"(?:criticise|criticize|yell|nag|shout|ignore|do that)\b|\bI was talking about\b|"
        r"\byou just didn't (?:hear|notice|see)\b|\bthat's not (?:what I|how I)\b",
    ),
    *_cues(
        CueKind.NEW_SUBJECT,
        r"\bspeaking of\b|\bby the way\b|(?:^|[,;.]\s*|\b(?:and|but|so|oh|well),?\s+)anyway(?:,|\s+(?=(?:what|did|do|how|can|could|are|have|I|we|so|on)\b))|\bon (?:another|a different|a side|an "
        r"unrelated) note\b|\bchanging the subject\b|\bwhile we're (?:at it|on the subject|"
        r"talking)\b|\band another thing\b|\banother thing\b|\b(?:about|mention|ask you|tell you|"
        r"say|discuss|on to|onto) something else\b(?!\?)|\bsomething else (?:I wanted|I want|to talk|"
        r"happened|came up)\b|\bunrelated\b",
        r"\b(?:can|could) we (?:also )?talk about\b|\bI (?:wanted|want|need) to (?:also )?"
        r"(?:ask|mention|bring up|tell you|talk about) (?:about|that|something|you)\b|"
        r"\bdid you (?:remember|pay|book|call|get|pick up|see)\b|\bon the subject of\b",
        r"\bdon't get me started\b|\bdon't even get me started\b|\bthat's a whole other\b",
        r"\bbefore we do that\b|^also,? (?:we need to|can we|could we|I wanted|did you)\b|"
        r"\bwhile we're on it\b|\bsomething (?:that's been |else )?on my mind\b|\bthere's something "
        r"(?:else )?I (?:want|need|wanted|needed) to (?:say|raise|talk about|bring up)\b|"
        r"\bwhile I think of it\b|\bbefore I forget\b|\btalking of\b|\bon that note\b|\bsame "
        r"goes for\b",
        r"\b(?:the thing|what) I (?:actually |really )?want(?:ed)? to (?:talk about|say|bring up)\b|"
        r"\bwhat bothers me (?:more|most)\b|\bI (?:want|need|'d like) to talk about (?!what you|"
        r"that|this|it\b|how I|us\b|what happened)|\blet's talk about\b.*\binstead\b|"
        r"\binstead[.!]*$|\bI've been (?:wanting|meaning) to (?:say|ask|tell you|mention|bring up)"
        r"\b",
    ),
]

# Mirror: content the sender never said, or the receiver's reading of it.
INTERPRETATION = rx(
    r"^which\b|\b(?:because|since|as) you (?:think|believe|feel|felt|thought) (?:that )?I\b|\byou (?:feel|felt|think|thought) (?:like|that) (?:I|I'm|I've|we|nobody|no one)"
    r"\b|\b(?:which (?:means|tells me|shows)|what you(?:'re| are)? (?:really|actually) (?:saying|"
    r"mean|want|need|feel)|deep down|underneath|(?:I think|I bet|I suspect|I guess|I reckon) "
    r"(?:you|it's|that's|what)|you (?:must|probably|obviously|clearly|secretly) (?:feel|be|think|"
    r"want|mean|are|were|have|don't)|obviously|clearly|the real (?:issue|reason|problem)|"
    r"in other words,? you(?:'re| are)? (?:really|basically)|basically,? you|sounds like you "
    r"(?:just |really |actually |secretly )?(?:want|need|think|don't|are|feel|blame|resent)|"
    r"so you(?:'re| are) (?:basically|really|actually|kind of|sort of|saying that I)|"
    r"(?:because|since) you(?:'re| are)? (?:always|never|too|so|just|really|actually|"
    r"secretly|probably)|you(?:'re| are) (?:really|actually|secretly) (?:angry|upset|jealous|"
    r"scared|afraid|resentful|hurt|saying)|you feel (?:that )?I (?:don't|never|am|'m)|"
    r"(?:and|which|because) (?:that's|it's|this is) (?:why|because|probably|really)|"
    r"I (?:know|can tell) (?:you|that you))\b"
)

REASON = rx(
    r"\b(?:because|cause|'cause|cuz|coz|cos|given|since|as you|when you|after|considering|"
    r"with (?:everything|all)|"
    r"seeing as|knowing)\b"
)
AGREEMENT = rx(
    r"\b(?:I (?:totally |completely |fully )?agree|you(?:'re| are) (?:totally |completely |"
    r"absolutely )?right|I(?:'d| would) (?:feel|do) the same|I was wrong)\b"
)
TENTATIVE = rx(
    r"\b(?:I imagine|I can imagine|I(?:'d)? guess|I wonder|might|may|perhaps|maybe|probably|"
    r"possibly|I suspect|it sounds like|sounds like|must|could be|I'd think|I would think|"
    r"I'm guessing|is that (?:how|what)|am I right)\b"
)
FEEL_THOUGHT = rx(
    r"\bfeel(?:s|ing)? (?:that|like) (?:I|you|we|it|he|she|they|nobody|no one|my|your)\b"
)
I_STATEMENT = rx(
    r"\bI (?:feel|felt|am|'m|get|got|was|need|would like|'d like|want|wish|notice|noticed|"
    r"worry|worried|miss|love|hope)\b"
)

# Words that evaluate rather than report: in a mirror, new ones are the receiver's reading.
EVALUATIVE = frozenset(
    """lazy irresponsible selfish careless respect disrespect disrespected appreciate
    appreciated unappreciated trust distrust care cares caring matter matters important
    value valued priority fault blame blamed controlling jealous insecure resent resentment
    punish punishing abandon abandoned betray betrayed given giving up fair unfair deserve
    deserved never anything everything nothing always""".split()
)

# A word that labels the person ("overreacting", "needy"): when a clause holds one, its finding
# is explained as a label, whichever cue found it first ("you're just tired and overreacting").
LABEL_WORD = rx(
    r"\b(?:overreact\w*|over-reacting|needy|clingy|dramatic|hysterical|paranoid|(?:too|over|so) ?"
    r"sensitive|oversensitive|crazy|selfish|lazy|childish|immature|irrational|unreasonable|"
    r"petty|insecure|jealous|controlling|nagging|naggy|whiny|whining|moaning|sulking|"
    r"exaggerating|catastrophi[sz]ing|overthinking|a drama queen|high-?maintenance|ungrateful|"
    r"a nag|a martyr|the victim)\b"
)
_RELABELLED = frozenset(
    {CueKind.MOTIVE, CueKind.BLAME, CueKind.MORALISE, CueKind.SARCASM, CueKind.LEARNED_JUDGEMENT}
)


def judgement_kind(kind: CueKind, text: str) -> CueKind:
    """The kind of judgement a clause shows: a label when it names one, else the cue's own."""
    return CueKind.LABEL if kind in _RELABELLED and LABEL_WORD.search(text) else kind
