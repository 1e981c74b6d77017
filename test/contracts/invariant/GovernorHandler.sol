// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {ReputationGovernor} from "../../../contracts/governance/ReputationGovernor.sol";
import {IAgentTimelock} from "../../../contracts/interfaces/IAgentTimelock.sol";
import {MockPersonhood} from "../mocks/MockPersonhood.sol";
import {MockReputationVotes} from "../mocks/MockReputationVotes.sol";

/// @notice Random votes on the governor by ten accounts of a fixed delegation forest (chains up to
/// four hops), random human votes with fresh or replayed nullifiers, and now and then a new
/// proposal, with ghost bookkeeping: who voted what on the current proposal, the human counts,
/// every nullifier accepted, and the final tallies of every closed proposal.
contract GovernorHandler is Test {
    uint256 public constant N = 10;
    uint256 internal constant NONE = type(uint256).max;

    ReputationGovernor public immutable governor;
    MockReputationVotes public immutable votes;
    MockPersonhood public immutable personhood;

    address[N] internal _accounts;
    uint256[N] internal _parent;
    uint256[N] internal _own;

    uint256 public currentId;
    bool[N] internal _voted;
    uint8[N] internal _support;
    uint256[3] internal _humanCounts;

    uint256[] internal _nullifiers; // every nullifier accepted, for replays
    mapping(uint256 nullifier => bool) public accepted;
    uint256 internal _nextNullifier = 1;

    uint256[] internal _closedIds;
    mapping(uint256 proposalId => uint256[3]) internal _closedTallies;

    uint256 public doubleVotes; // a second vote by the same account accepted
    uint256 public doubleNullifiers; // a nullifier accepted twice
    uint256 public refusedFirstVotes; // a first vote refused while voting was open
    uint256 public votesCast;
    uint256 public humanVotesCast;
    uint256 public replaysRefused;
    uint256 public proposals;

    constructor(ReputationGovernor governor_, MockReputationVotes votes_, MockPersonhood personhood_) {
        governor = governor_;
        votes = votes_;
        personhood = personhood_;
        // inv0 <- inv1 <- inv2 <- inv3 <- inv4 (four hops), inv0 <- inv5 <- inv6, inv7 <- inv8, inv9
        uint256[N] memory parent = [NONE, 0, 1, 2, 3, 0, 5, NONE, 7, NONE];
        uint256[N] memory own = [
            uint256(0.9e18),
            0.05e18,
            0.3e18 + 7,
            0.12e18,
            0.07e18 + 3,
            0.5e18,
            0.25e18,
            0.8e18 + 1,
            0.15e18,
            0.6e18
        ];
        for (uint256 i; i < N; ++i) {
            _accounts[i] = makeAddr(string.concat("inv.voter", vm.toString(i)));
            _parent[i] = parent[i];
            _own[i] = own[i];
        }
    }

    /// @notice Writes the forest into the ledger (leaves last, so power flows to the roots) and
    /// makes the first proposal.
    function init() external {
        for (uint256 i; i < N; ++i) votes.setOwnWeight(_accounts[i], _own[i]);
        for (uint256 i = N; i > 0; --i) {
            if (_parent[i - 1] != NONE) votes.setDelegate(_accounts[i - 1], _accounts[_parent[i - 1]]);
        }
        votes.setOwnWeight(address(this), 1e18); // the proposer
        _newProposal();
    }

    // ---------------------------------------------------------------- actions

    function vote(uint256 who, uint256 support) external {
        uint256 i = who % N;
        uint8 s = uint8(support % 3);
        vm.prank(_accounts[i]);
        try governor.castVote(currentId, s) {
            if (_voted[i]) ++doubleVotes;
            _voted[i] = true;
            _support[i] = s;
            ++votesCast;
        } catch {
            if (!_voted[i]) ++refusedFirstVotes;
        }
    }

    function humanVote(uint256 seed, uint256 support, bool replay) external {
        uint8 s = uint8(support % 3);
        uint256 nullifier =
            replay && _nullifiers.length != 0 ? _nullifiers[seed % _nullifiers.length] : _nextNullifier++;
        ISemaphore.SemaphoreProof memory proof = personhood.makeProof(nullifier, s, governor.humanVoteScope(currentId));
        try governor.castHumanVote(currentId, s, proof) {
            if (accepted[nullifier]) ++doubleNullifiers;
            accepted[nullifier] = true;
            _nullifiers.push(nullifier);
            ++_humanCounts[s];
            ++humanVotesCast;
        } catch {
            if (accepted[nullifier]) ++replaysRefused;
        }
    }

    /// @notice Closes the current proposal (its tallies are recorded) and opens the next one.
    function newProposal() external {
        if (proposals >= 8) return;
        (uint256 against, uint256 forVotes, uint256 abstain) = governor.proposalVotes(currentId);
        _closedIds.push(currentId);
        _closedTallies[currentId] = [against, forVotes, abstain];
        vm.warp(uint256(governor.proposal(currentId).voteEnd) + 1);
        _newProposal();
    }

    function _newProposal() internal {
        IAgentTimelock.Action[] memory actions = new IAgentTimelock.Action[](1);
        actions[0] = IAgentTimelock.Action({target: address(governor), value: 0, data: ""});
        currentId = governor.propose(actions, vm.toString(proposals), true);
        ++proposals;
        vm.warp(governor.proposal(currentId).voteStart);
        for (uint256 i; i < N; ++i) _voted[i] = false;
        delete _humanCounts;
    }

    // ---------------------------------------------------------------- views for the invariants

    function account(uint256 i) external view returns (address) {
        return _accounts[i];
    }

    function voted(uint256 i) external view returns (bool) {
        return _voted[i];
    }

    function humanCounts() external view returns (uint256[3] memory) {
        return _humanCounts;
    }

    function closedIds() external view returns (uint256[] memory) {
        return _closedIds;
    }

    function closedTallies(uint256 proposalId) external view returns (uint256[3] memory) {
        return _closedTallies[proposalId];
    }

    /// @notice The tallies and final weights the override rule gives: each account's own weight
    /// goes to the lowest account on its path to the root that voted (itself included).
    function expected() external view returns (uint256[3] memory tallies, uint256[N] memory weights) {
        for (uint256 i; i < N; ++i) {
            for (uint256 j = i; j != NONE; j = _parent[j]) {
                if (_voted[j]) {
                    tallies[_support[j]] += _own[i];
                    weights[j] += _own[i];
                    break;
                }
            }
        }
    }

    /// @notice Sum of the own weights of every account in some voter's subtree.
    function weightBehindVoters() external view returns (uint256 sum) {
        for (uint256 i; i < N; ++i) {
            for (uint256 j = i; j != NONE; j = _parent[j]) {
                if (_voted[j]) {
                    sum += _own[i];
                    break;
                }
            }
        }
    }
}
