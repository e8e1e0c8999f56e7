"""Tests for assistant.jurisdiction: whether a question asks about another place's policy."""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.jurisdiction import asks_elsewhere, names_policy_elsewhere


@pytest.mark.parametrize(
    ("question", "elsewhere"),
    [
        ("Does Japan's government give grants for buying chip design software?", True),
        ("德国政府对工业机器人有什么补贴？", True),
        ("新加坡的政策对集成电路设计企业补贴多少？", True),
        # a country is named far more often as where a tool or machine comes from: no other policy asked about
        ("我们买的是美国的EDA工具，能申请资助吗？", False),
        ("We bought a testing line made in Germany, does the first-of-a-kind support apply?", False),
        ("We are a subsidiary of a company from Singapore, registered in Shanghai. Any support?", False),
        ("深圳对首台套装备有什么补贴？", True),  # Chinese places as before
        # beside the policy's own place, another place counts when its support is asked about
        ("Offices in Shanghai and Shenzhen: does Shenzhen have a similar EDA subsidy?", True),
        ("We have offices in Shanghai and Beijing. How much EDA subsidy does Shanghai give?", False),
        # a place's possessive before what a policy sets, and its government's level before what it does
        ("What is Malaysia's support rate for Class I innovative drugs, compared with Shanghai's 30%?", True),
        ("Does the Hefei municipal government offer a similar ceiling to Shanghai's?", True),
        ("Our plant runs Malaysia's largest wafer line; what EDA support does Shanghai give?", False),
        # a place named only as where a customer or supplier is: no other place's policy asked about
        ("首台套装备卖给无锡一家晶圆厂，合同金额4650万，最多能拿多少？", False),
        ("首台套卖给了一家无锡的客户，合同1000万，能补多少", False),
        ("Our first-of-a-kind coater was sold to a fab in Wuxi for 12m. How much support?", False),
        ("Our customer in Suzhou signed a 10m first-of-a-kind contract. Support?", False),
        ("我们在苏州有工厂，首台套合同1000万，能补多少", True),  # where the asker is
        ("卖给无锡的客户之后，无锡对首台套补多少？", True),  # the place named again, its own policy asked
        # a place named as where the asker's capital, owners or people come from asks no policy of that place
        ("Our Taiwan-funded plant in Songjiang crossed 1 billion of output. Do we count?", False),
        ("We're a Hong Kong-owned manufacturer of plastic housings. EDA subsidy?", False),
        ("Our R&D director, a Hong Kong permanent resident, led the team. Is he eligible for the talent award?", False),
        ("A chip design centre (Taiwan-funded, 140 engineers) spent RMB 2.45m on domestic EDA. How much?", False),
        ("我们是台湾独资企业，首台套合同1000万，能补多少", False),
        ("We are owned by a Hong Kong group. What EDA support is there?", False),
        ("We're Taiwan-funded. What does Taiwan's government give for EDA?", True),  # its policy asked as well
        ("We invested in Suzhou last year. First-of-a-kind contract of 10m: how much?", True),  # where the asker is
        # a place's organisation with a few words of what it does between: where it is, not its policy
        ("有家杭州的生物医药企业，注册申请人是杭州总部，委托上海的CDMO生产，能按上海的政策拿支持吗？", False),
        ("杭州的政策对企业有什么补贴？上海呢", True),
        # a district or zone of the policy's own place is that place
        ("Our plant in Minhang and one in Suzhou: does Suzhou have a similar EDA subsidy?", True),
        ("我们注册在浦东，苏州那边对首台套补多少？", True),
        ("Our fab is in Lingang; our customer in Wuxi signed a 10m first-of-a-kind contract. Support?", False),
        # where something is (the approval is over in Suzhou) is no policy of Suzhou's
        ("注册申请人是苏州的子公司 批件也在苏州那边 生产委托给上海的CMO 能申请上海的支持吗", False),
        ("苏州那边对首台套补多少？上海呢", True),
        # a place said to do what a policy does: its own rules asked, beside the policy's place
        ("Does Hangzhou apply the same RMB 10 million renovation threshold as Shanghai does?", True),
        ("Does Suzhou fund EDA purchases the way Shanghai does?", True),
    ],
)
def test_a_place_abroad_counts_only_with_its_own_policy(corpus: Corpus, question: str, elsewhere: bool) -> None:
    document = corpus.policy().document
    assert asks_elsewhere(question, document) is elsewhere


def test_a_foreign_policy_is_another_places_policy(corpus: Corpus) -> None:
    assert names_policy_elsewhere("Singapore's EDB grant for EDA tools: how does it compare?", corpus.policy().document)


@pytest.mark.parametrize(
    ("question", "elsewhere"),
    [
        # a district or park of another place is that place's jurisdiction
        ("苏州工业园区一类创新药研发投入能补多少钱？我们在考虑落地苏州还是上海", True),
        ("杭州滨江区的EDA补贴比例是多少？上海呢？", True),
        ("Hangzhou Binjiang district's EDA subsidy rate?", True),
        ("Hangzhou Binjiang district's EDA subsidy rate, compared with Shanghai?", True),
        ("What does Suzhou Industrial Park pay for EDA tools? We are choosing between Suzhou and Shanghai.", True),
        ("What does Suzhou Industrial Park allow for dormitory land — is it also 15% like Shanghai?", True),
        # a place's standard named by what it sets, even beside the policy's own place
        ("Shanghai gives up to 2 million yuan. What's the equivalent cap in Shenzhen?", True),
        ("What are the equivalent testing rules in Singapore?", True),
        ("We bought EDA from a vendor in Singapore; can we get support?", False),
        # where the asker comes from or is, asking about the policy's own place
        ("我们是苏州的公司，想在上海设厂，能享受第13条吗", False),
        ("我们在苏州有工厂，上海的EDA补贴能补多少？", False),
        ("我们在苏州工业园区，想搬到上海，能补多少？", False),
        ("MAH注册在上海，委托苏州那边的CDMO代工生产，研发投入6200万能拿多少？", False),  # a partner's place
        ("苏州那边的补贴比例是多少？上海呢？", True),
        ("我们在考虑落地苏州还是上海，一类创新药研发投入能补多少钱？", False),  # asks of no place: the policy's
        ("We are a Suzhou company planning a plant in Shanghai; can we get measure 13?", False),
        ("Our factory is in Suzhou Industrial Park. What EDA subsidy would Shanghai give?", False),
        # a sentence naming no place asks of the place "there" points to, not of one set aside
        ("We may open the line in Wuxi rather than Shanghai. How high is the land share for dorms there?", True),
        ("我们在合肥也有个基地。那边的首台套补贴比例是多少？", True),
        ("We used to be in Wuxi, now in Shanghai. What EDA support can we get there?", False),
        # a district's own top-up, not the plant's; one set aside is not asked
        ("徐汇区对EDA采购的区级配套是多少？", True),
        ("想在厂区里配套建职工宿舍，可以吗？", False),
        ("Not asking about the district top-up: what is the municipal EDA cap?", False),
        ("浦东新区自己会给多少奖励？", True),
        ("产品在本区自己的工厂生产，研发投入1280万，能拿多少？", False),  # the asker's own plant in the district
        ("某区自己挂牌的一个区级产业园，想建个检测机构，能申请市级资金吗？", False),  # a park it designated
        # a standard asked of a place, not where the asker is; a partner's place is not asked of
        ("What is the minimum FAR for industrial land in Ningbo? Same as Shanghai?", True),
        ("上海注册的申请人，委托江苏那边一家CMO生产，研发投入能补多少？", False),
        ("持有人是苏州那边的母公司，我们是上海的子公司，能申请创新药的支持吗？", False),  # the parent's place
        ("集团在苏州那边的集团总部管研发，上海工厂能拿多少？", False),
        ("一家注册在苏州的药企，委托上海的CDMO生产，能享受上海的创新药支持吗？", False),  # 药企 is an enterprise
        # another level of government's own policy: the State's, a district's own
        ("国家层面工信部的首台套保险补偿政策，保费补贴比例是多少？", True),
        ("浦东新区自己出的那个支持集成电路EDA的区级政策，补贴比例是多少？", True),
        ("Under MIIT's first-of-a-kind insurance compensation scheme, what share of the premium is covered?", True),
        ("Does the district-level subsidy for EDA differ?", True),
        ("Under MIIT's national first-set major technical equipment insurance compensation scheme, what share?", True),
        ("How much does Pudong New Area itself add on top of the voucher — is there a district top-up?", True),
        # the State's programmes and the districts' support the measures name are the policy's
        ("对国家级重大产业创新平台有什么支持？", False),
        ("听说第一次破10亿区里有支持，我们符合吗？", False),
        ("进入国家创新医疗器械特别审查程序的产品能补多少？", False),
    ],
)
def test_another_places_district_or_park(corpus: Corpus, question: str, elsewhere: bool) -> None:
    assert asks_elsewhere(question, corpus.policy().document) is elsewhere


@pytest.mark.parametrize(
    ("question", "policy_elsewhere"),
    [
        # a subsidiary there is the asker's own company, not that place's subsidy
        ("The registration applicant is our Suzhou subsidiary, which is registered in Jiangsu. Support?", False),
        ("We have subsidiaries in Jiangsu and a plant in Shanghai. EDA support?", False),
        ("Does Suzhou subsidise EDA like Shanghai does?", True),
        ("What are the subsidies in Jiangsu for EDA compared with Shanghai?", True),
        ("Suzhou's subsidy for EDA: higher than Shanghai's?", True),
    ],
)
def test_a_subsidiary_is_no_subsidy(corpus: Corpus, question: str, policy_elsewhere: bool) -> None:
    assert names_policy_elsewhere(question, corpus.policy().document) is policy_elsewhere
